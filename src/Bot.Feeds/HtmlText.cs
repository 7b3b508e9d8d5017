using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace PolicyBot.Feeds;

/// <summary>A block of text taken from HTML: a paragraph (p, li, blockquote, …) or a heading (h1–h6).</summary>
public sealed record TextBlock(string Text, bool IsHeading);

/// <summary>What a web page says about itself, and the text of its main content.</summary>
public sealed record PageContent(
    string? Title,
    string? SiteName,
    string? Author,
    DateTimeOffset? Published,
    IReadOnlyList<TextBlock> Blocks)
{
    /// <summary>Characters of paragraph text (headings not counted): how much article there is.</summary>
    public int TextLength => Blocks.Where(b => !b.IsHeading).Sum(b => b.Text.Length);
}

/// <summary>
/// Turns HTML into plain paragraphs. Feed item content is converted whole; a page is first narrowed to its main
/// content (&lt;article&gt;, else &lt;main&gt;, else the element whose &lt;p&gt; children hold the most text), with
/// scripts, navigation, headers, footers, asides and forms dropped. Entities are decoded and white space collapsed.
/// </summary>
public static partial class HtmlText
{
    /// <summary>An article or main element with less paragraph text than this is a teaser card, not the story.</summary>
    private const int MinContainerText = 200;

    private static readonly HashSet<string> Dropped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button", "select",
        "textarea", "iframe", "object", "embed", "svg", "canvas", "video", "audio", "picture", "img", "head", "dialog",
    };

    // Elements that end one paragraph and start another. Anything else (a, em, span, …) is inline.
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "blockquote", "section", "article", "main", "pre", "table", "tr",
        "td", "th", "figure", "figcaption", "address", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "body", "details",
        "summary",
    };

    [GeneratedRegex(@"[\s\u00A0\u200B\uFEFF]+")]
    private static partial Regex Spaces();

    /// <summary>The paragraphs of an HTML fragment (feed item content), headings marked.</summary>
    public static IReadOnlyList<TextBlock> ToBlocks(string html)
    {
        var doc = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        return doc.Body is null ? Array.Empty<TextBlock>() : Collect(doc.Body);
    }

    /// <summary>The text of an HTML fragment as one line (titles).</summary>
    public static string ToPlainText(string html) =>
        string.Join(' ', ToBlocks(html).Select(b => b.Text));

    /// <summary>Characters of paragraph text in an HTML fragment.</summary>
    public static int TextLength(string? html) =>
        html is null ? 0 : ToBlocks(html).Where(b => !b.IsHeading).Sum(b => b.Text.Length);

    /// <summary>The page's metadata and the paragraphs of its main content.</summary>
    public static PageContent ExtractPage(string html)
    {
        var doc = new HtmlParser().ParseDocument(html);
        string? title = Meta(doc, "og:title") ?? Clean(doc.Title);
        string? site = Meta(doc, "og:site_name");
        string? author = Meta(doc, "author") ?? Meta(doc, "article:author");
        if (author is not null && Uri.TryCreate(author, UriKind.Absolute, out _))
        {
            author = null; // article:author is often a profile URL, not a name
        }

        var published = FeedParser.ParseDate(Meta(doc, "article:published_time") ?? Meta(doc, "date")
            ?? doc.QuerySelector("time[datetime]")?.GetAttribute("datetime"));

        foreach (var junk in doc.All.Where(e => Dropped.Contains(e.LocalName)).ToList())
        {
            junk.Remove();
        }

        var root = MainContent(doc);
        var blocks = root is null ? new List<TextBlock>() : Collect(root).ToList();
        // The page's own headline repeats the title held in the front matter.
        if (blocks.Count > 0 && blocks[0].IsHeading && title is not null && string.Equals(blocks[0].Text, title, StringComparison.OrdinalIgnoreCase))
        {
            blocks.RemoveAt(0);
        }

        return new PageContent(title, site, author, published, blocks);
    }

    private static IElement? MainContent(IHtmlDocument doc)
    {
        var article = doc.QuerySelectorAll("article").OrderByDescending(ParagraphText).FirstOrDefault();
        if (article is not null && ParagraphText(article) >= MinContainerText)
        {
            return article;
        }

        var main = doc.QuerySelector("main") ?? doc.QuerySelector("[role=main]");
        if (main is not null && ParagraphText(main) >= MinContainerText)
        {
            return main;
        }

        // The element whose own <p> children carry the most text: the body of the story on most templates.
        var densest = doc.QuerySelectorAll("p")
            .Where(p => p.ParentElement is not null)
            .GroupBy(p => p.ParentElement!)
            .Select(g => (Element: g.Key, Score: g.Sum(p => Clean(p.TextContent)?.Length ?? 0)))
            .OrderByDescending(x => x.Score)
            .FirstOrDefault();
        return densest.Element is not null && densest.Score > 0 ? densest.Element : main ?? article ?? doc.Body;
    }

    private static int ParagraphText(IElement element) =>
        element.QuerySelectorAll("p").Sum(p => Clean(p.TextContent)?.Length ?? 0);

    private static string? Meta(IHtmlDocument doc, string name)
    {
        foreach (var meta in doc.QuerySelectorAll("meta"))
        {
            string? key = meta.GetAttribute("property") ?? meta.GetAttribute("name") ?? meta.GetAttribute("itemprop");
            if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase) && Clean(meta.GetAttribute("content")) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    private static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        string t = Spaces().Replace(text, " ").Trim();
        return t.Length == 0 ? null : t;
    }

    private static List<TextBlock> Collect(IElement root)
    {
        var blocks = new List<TextBlock>();
        var line = new StringBuilder();

        void Flush(bool heading)
        {
            if (Clean(line.ToString()) is { } text)
            {
                blocks.Add(new TextBlock(text, heading));
            }

            line.Clear();
        }

        void Walk(INode node)
        {
            foreach (var child in node.ChildNodes)
            {
                if (child is IText text)
                {
                    line.Append(text.Data);
                    continue;
                }

                if (child is not IElement element || Dropped.Contains(element.LocalName))
                {
                    continue;
                }

                if (!Blocks.Contains(element.LocalName))
                {
                    Walk(element);
                    continue;
                }

                bool heading = element.LocalName.Length == 2 && element.LocalName[0] == 'h' && char.IsAsciiDigit(element.LocalName[1]);
                Flush(false);
                Walk(element);
                Flush(heading);
            }
        }

        Walk(root);
        Flush(false);
        return blocks;
    }
}
