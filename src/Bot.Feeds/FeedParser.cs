using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace PolicyBot.Feeds;

/// <summary>
/// One entry of a feed. <see cref="Key"/> identifies it across polls: the guid/id, else the link, else a hash of title and
/// content — never the date, which publishers rewrite. <see cref="ContentHtml"/> is the fullest HTML the feed gives
/// (content:encoded or Atom content), <see cref="SummaryHtml"/> the short one (description or summary).
/// </summary>
public sealed record FeedItem(
    string Key,
    string? Title,
    string? Link,
    DateTimeOffset? Published,
    string? Author,
    string? ContentHtml,
    string? SummaryHtml);

/// <summary>A parsed feed: its title and link, and its items in document order.</summary>
public sealed record ParsedFeed(string Format, string? Title, string? Link, IReadOnlyList<FeedItem> Items);

/// <summary>Either a parsed feed or why the document is not one.</summary>
public sealed record FeedParseResult(ParsedFeed? Feed, string? Error)
{
    public bool Succeeded => Feed is not null;
}

/// <summary>
/// Reads RSS 2.0, Atom 1.0 and RSS 1.0 (RDF) documents. Tolerant of what real feeds get wrong (missing or malformed
/// dates, no guid, elements in odd namespaces), strict about XML safety: DTDs are refused and nothing external is loaded.
/// </summary>
public static partial class FeedParser
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    public static FeedParseResult Parse(byte[] document)
    {
        using var stream = new MemoryStream(document);
        return Parse(stream);
    }

    public static FeedParseResult Parse(string document)
    {
        using var reader = new StringReader(document);
        return Load(() => XmlReader.Create(reader, Settings()));
    }

    /// <summary>Parses from bytes so that the XML declaration's encoding is honoured.</summary>
    public static FeedParseResult Parse(Stream document) => Load(() => XmlReader.Create(document, Settings()));

    private static XmlReaderSettings Settings() => new()
    {
        DtdProcessing = DtdProcessing.Prohibit, // no entity expansion bombs, no external entities
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
    };

    private static FeedParseResult Load(Func<XmlReader> open)
    {
        XDocument doc;
        try
        {
            using var reader = open();
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            return new FeedParseResult(null, $"not a readable feed: {ex.Message}");
        }

        var root = doc.Root!;
        return root.Name.LocalName switch
        {
            "rss" => Rss(root),
            "feed" => AtomFeed(root),
            "RDF" => RdfFeed(root),
            _ => new FeedParseResult(null, $"not an RSS or Atom feed: the document is <{root.Name.LocalName}>"),
        };
    }

    private static FeedParseResult Rss(XElement root)
    {
        var channel = root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel");
        if (channel is null)
        {
            return new FeedParseResult(null, "not an RSS feed: <rss> has no <channel>");
        }

        var items = channel.Elements().Where(e => e.Name.LocalName == "item").Select(RssItem).ToList();
        return new FeedParseResult(new ParsedFeed("rss", Text(Plain(channel, "title")), Text(Plain(channel, "link")), items), null);
    }

    private static FeedItem RssItem(XElement item)
    {
        string? title = Text(Plain(item, "title"));
        string? link = Text(Plain(item, "link"));
        string? guid = Text(Plain(item, "guid"));
        // A guid marked as a permalink is the link when the item has none.
        if (link is null && guid is not null && (string?)Plain(item, "guid")?.Attribute("isPermaLink") != "false" && IsHttp(guid))
        {
            link = guid;
        }

        string? content = Text(item.Element(Content + "encoded"));
        string? description = Text(Plain(item, "description"));
        var published = ParseDate(Text(Plain(item, "pubDate")) ?? Text(item.Element(Dc + "date")));
        string? author = Text(item.Element(Dc + "creator")) ?? RssAuthor(Text(Plain(item, "author")));
        return new FeedItem(KeyOf(guid, link, title, content ?? description), title, link, published, author, content, description);
    }

    /// <summary>RSS &lt;author&gt; is an e-mail address, often "mail@example.com (Jane Doe)": the name is what a reader wants.</summary>
    private static string? RssAuthor(string? raw)
    {
        if (raw is null)
        {
            return null;
        }

        int open = raw.IndexOf('(', StringComparison.Ordinal);
        int close = raw.LastIndexOf(')');
        if (open >= 0 && close > open + 1)
        {
            return raw[(open + 1)..close].Trim();
        }

        return raw.Contains('@', StringComparison.Ordinal) ? null : raw;
    }

    private static FeedParseResult AtomFeed(XElement root)
    {
        var items = root.Elements(Atom + "entry").Select(AtomEntry).ToList();
        return new FeedParseResult(new ParsedFeed("atom", AtomText(root.Element(Atom + "title")), AtomLink(root), items), null);
    }

    private static FeedItem AtomEntry(XElement entry)
    {
        string? title = AtomText(entry.Element(Atom + "title"));
        string? link = AtomLink(entry);
        string? id = Text(entry.Element(Atom + "id"));
        string? content = AtomHtml(entry.Element(Atom + "content"));
        string? summary = AtomHtml(entry.Element(Atom + "summary"));
        var published = ParseDate(Text(entry.Element(Atom + "published"))) ?? ParseDate(Text(entry.Element(Atom + "updated")));
        string? author = Text(entry.Element(Atom + "author")?.Element(Atom + "name"))
            ?? Text(entry.Parent?.Element(Atom + "author")?.Element(Atom + "name"));
        return new FeedItem(KeyOf(id, link, title, content ?? summary), title, link, published, author, content, summary);
    }

    /// <summary>The rel="alternate" link (rel defaults to alternate), preferring an HTML one.</summary>
    private static string? AtomLink(XElement parent)
    {
        var alternates = parent.Elements(Atom + "link")
            .Where(l => ((string?)l.Attribute("rel") ?? "alternate") == "alternate" && !string.IsNullOrWhiteSpace((string?)l.Attribute("href")))
            .ToList();
        var best = alternates.FirstOrDefault(l => ((string?)l.Attribute("type"))?.Contains("html", StringComparison.OrdinalIgnoreCase) == true)
            ?? alternates.FirstOrDefault();
        return ((string?)best?.Attribute("href"))?.Trim();
    }

    /// <summary>Atom text constructs as plain text (for titles): HTML kinds lose their markup.</summary>
    private static string? AtomText(XElement? element)
    {
        string? html = AtomHtml(element);
        return html is null ? null : Text(HtmlText.ToPlainText(html));
    }

    /// <summary>Atom text constructs as HTML: type="text" (the default) is escaped, "html" is taken as is, "xhtml" serialised.</summary>
    private static string? AtomHtml(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        string type = ((string?)element.Attribute("type") ?? "text").Trim().ToLowerInvariant();
        if (type == "xhtml")
        {
            var div = element.Elements().FirstOrDefault();
            var nodes = div is not null && div.Name.LocalName == "div" ? div.Nodes() : element.Nodes();
            string xhtml = string.Concat(nodes.Select(n => n.ToString(SaveOptions.DisableFormatting)));
            return Text(xhtml);
        }

        string? value = Text(element);
        if (value is null)
        {
            return null;
        }

        return type is "html" or "text/html" ? value : TextToHtml(value);
    }

    /// <summary>Plain text as HTML paragraphs: blank lines separate paragraphs, everything else is escaped.</summary>
    private static string TextToHtml(string text) =>
        string.Concat(text.Replace("\r\n", "\n", StringComparison.Ordinal).Split("\n\n")
            .Where(p => p.Trim().Length > 0)
            .Select(p => "<p>" + WebUtility.HtmlEncode(p.Trim()) + "</p>"));

    private static FeedParseResult RdfFeed(XElement root)
    {
        var channel = root.Elements().FirstOrDefault(e => e.Name.LocalName == "channel");
        var items = root.Elements().Where(e => e.Name.LocalName == "item").Select(RdfItem).ToList();
        return new FeedParseResult(new ParsedFeed("rdf", Text(Local(channel, "title")), Text(Local(channel, "link")), items), null);
    }

    private static FeedItem RdfItem(XElement item)
    {
        string? title = Text(Local(item, "title"));
        string? link = Text(Local(item, "link"));
        string? about = ((string?)item.Attribute(Rdf + "about"))?.Trim();
        string? content = Text(item.Element(Content + "encoded"));
        string? description = Text(Local(item, "description"));
        var published = ParseDate(Text(item.Element(Dc + "date")));
        return new FeedItem(KeyOf(about, link, title, content ?? description), title, link, published,
            Text(item.Element(Dc + "creator")), content, description);
    }

    /// <summary>An RSS core element: no namespace (or any namespace but the extension ones, which have their own names).</summary>
    private static XElement? Plain(XElement parent, string name) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == name && (e.Name.Namespace == XNamespace.None || e.Name.Namespace == parent.Name.Namespace));

    private static XElement? Local(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name && e.Name.Namespace != Dc && e.Name.Namespace != Content);

    private static string? Text(XElement? element) => element is null ? null : Text(element.Value);

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsHttp(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>guid (trimmed), else link (trimmed), else a hash of title and content: stable as long as the item is.</summary>
    internal static string KeyOf(string? guid, string? link, string? title, string? content)
    {
        if (guid is { Length: > 0 })
        {
            return guid;
        }

        if (link is { Length: > 0 })
        {
            return link;
        }

        string basis = Spaces().Replace((title ?? "") + "\n" + (content ?? ""), " ").Trim();
        return "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(basis)))[..32].ToLowerInvariant();
    }

    private static readonly string[] Rfc822Formats =
    {
        "d MMM yyyy HH:mm:ss zzz", "d MMM yyyy HH:mm zzz", "d MMM yy HH:mm:ss zzz", "d MMM yy HH:mm zzz",
        "d MMMM yyyy HH:mm:ss zzz", "d MMM yyyy", "d MMM yyyy HH:mm:ss",
    };

    private static readonly Dictionary<string, string> ZoneNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["GMT"] = "+00:00", ["UT"] = "+00:00", ["UTC"] = "+00:00", ["Z"] = "+00:00",
        ["EST"] = "-05:00", ["EDT"] = "-04:00", ["CST"] = "-06:00", ["CDT"] = "-05:00",
        ["MST"] = "-07:00", ["MDT"] = "-06:00", ["PST"] = "-08:00", ["PDT"] = "-07:00",
    };

    [GeneratedRegex(@"^(?:[A-Za-z]{3,9},?\s+)?(?<rest>.+?)\s*$")]
    private static partial Regex DayName();

    [GeneratedRegex(@"\s(?<zone>[A-Za-z]{1,3}|[+-]\d{4})$")]
    private static partial Regex TrailingZone();

    /// <summary>
    /// RFC 822 (RSS: "Mon, 02 Mar 2026 15:04:05 GMT", "+0100", US zone names) or RFC 3339/ISO 8601 (Atom, dc:date);
    /// null for anything else. A date is a nicety, never a requirement, so a bad one is simply dropped.
    /// </summary>
    public static DateTimeOffset? ParseDate(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        string t = Spaces().Replace(raw.Trim(), " ");
        if (char.IsAsciiDigit(t[0]) && t.Length >= 10 && t[4] == '-'
            && DateTimeOffset.TryParse(t, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var iso))
        {
            return iso;
        }

        string rest = DayName().Match(t).Groups["rest"].Value;
        var zone = TrailingZone().Match(rest);
        if (zone.Success)
        {
            string z = zone.Groups["zone"].Value;
            string offset = z[0] is '+' or '-' ? $"{z[..3]}:{z[3..]}" : ZoneNames.GetValueOrDefault(z, "");
            if (offset.Length == 0)
            {
                return null; // an unknown zone name: better no date than a wrong one
            }

            rest = rest[..zone.Index] + " " + offset;
        }

        return DateTimeOffset.TryParseExact(rest, Rfc822Formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var rfc)
            ? rfc
            : null;
    }
}
