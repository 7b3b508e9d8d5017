using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PolicyBot.Core.Articles;

/// <summary>
/// Reads Markdown articles with YAML front matter (title, author, source, url, published, tags).
/// The body is rendered to plain text — headings, list items and quotes become paragraphs, inline
/// markup is dropped, images become captions — and every offset points into that plain text, so
/// quotes never carry Markdown syntax.
/// </summary>
public static partial class MarkdownArticleParser
{
    // Link destinations may hold one level of balanced parentheses: (https://en.wikipedia.org/wiki/Foo_(bar)).
    [GeneratedRegex(@"!\[(?<alt>[^\]]*)\]\((?:[^()]|\([^()]*\))*\)")]
    private static partial Regex Image();

    [GeneratedRegex(@"\[(?<text>[^\]]+)\]\((?:[^()]|\([^()]*\))*\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"<(?<url>(?:https?|mailto):[^>\s]+)>", RegexOptions.IgnoreCase)]
    private static partial Regex AutoLink();

    [GeneratedRegex(@"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")]
    private static partial Regex HtmlTag();

    [GeneratedRegex(@"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")]
    private static partial Regex ThematicBreak();

    [GeneratedRegex(@"^\s{0,3}(?:=+|-+)\s*$")]
    private static partial Regex SetextUnderline();

    [GeneratedRegex(@"(\*\*|__)(?<t>.+?)\1")]
    private static partial Regex Strong();

    [GeneratedRegex(@"(?<![\w*])[*_](?<t>[^*_\s][^*_]*?)[*_](?![\w*])")]
    private static partial Regex Emphasis();

    [GeneratedRegex(@"`(?<t>[^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(@"^\s{0,3}(?:[-*+]|\d+[.)])\s+")]
    private static partial Regex ListMarker();

    [GeneratedRegex(@"^\s{0,3}#{1,6}\s+")]
    private static partial Regex HeadingMarker();

    public static ArticleParseResult Parse(string id, string text, string? filePath, DateTimeOffset addedAt)
    {
        var lines = text.Split('\n');
        int bodyStart = 0;
        var meta = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        if (lines.Length > 0 && lines[0].Trim() == "---")
        {
            int close = Array.FindIndex(lines, 1, l => l.Trim() is "---" or "...");
            if (close < 0)
            {
                return ArticleParseResult.Fail("bad front matter: the opening '---' has no closing '---'");
            }

            string yaml = string.Join('\n', lines[1..close]);
            try
            {
                var stream = new YamlStream();
                stream.Load(new StringReader(yaml));
                if (stream.Documents.Count > 0)
                {
                    if (stream.Documents[0].RootNode is not YamlMappingNode map)
                    {
                        return ArticleParseResult.Fail("bad front matter: expected 'key: value' lines");
                    }

                    foreach (var (key, value) in map.Children)
                    {
                        meta[((YamlScalarNode)key).Value ?? ""] = value;
                    }
                }
            }
            catch (Exception ex) when (ex is YamlException or InvalidCastException)
            {
                string where = ex is YamlException y ? $" at line {y.Start.Line + 1}" : "";
                return ArticleParseResult.Fail($"bad front matter{where}: {FirstLine(ex.Message)}");
            }

            bodyStart = close + 1;
        }

        var (body, blocks) = Render(lines[bodyStart..]);
        if (blocks.Count == 0)
        {
            return ArticleParseResult.Fail("the file has no article text");
        }

        var paragraphs = ArticleText.BuildParagraphs(body, blocks);
        if (!paragraphs.Any(p => p.Kind == ParagraphKind.Text))
        {
            return ArticleParseResult.Fail("the file has no paragraph of article text");
        }

        string? title = Scalar(meta, "title");
        // A leading "# Heading" is the title when the front matter has none.
        if (title is null && paragraphs[0].Kind == ParagraphKind.Heading)
        {
            title = body.Substring(paragraphs[0].Span.Start, paragraphs[0].Span.Length);
        }

        title ??= ArticleText.DeriveTitle(body, paragraphs, id);
        string? url = Scalar(meta, "url") ?? Scalar(meta, "link");
        string? published = Scalar(meta, "published") ?? Scalar(meta, "date");
        var info = new ArticleInfo(
            id,
            ArticleText.Collapse(title),
            Scalar(meta, "source"),
            Scalar(meta, "author"),
            url is null ? null : ArticleText.NormaliseUrl(url),
            published is null ? null : ArticleText.NormaliseDate(published) ?? published,
            Tags(meta),
            paragraphs.Count(p => p.Kind == ParagraphKind.Text),
            filePath,
            addedAt);
        return ArticleParseResult.Ok(new Article(info, body, paragraphs, Array.Empty<string>()));
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static string? Scalar(Dictionary<string, YamlNode> meta, string key) =>
        meta.TryGetValue(key, out var node) && node is YamlScalarNode { Value: { } v } && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static IReadOnlyList<string> Tags(Dictionary<string, YamlNode> meta)
    {
        if (!meta.TryGetValue("tags", out var node))
        {
            return Array.Empty<string>();
        }

        return node switch
        {
            YamlSequenceNode seq => seq.Children.OfType<YamlScalarNode>().Select(s => s.Value ?? "").Where(s => s.Length > 0).ToList(),
            YamlScalarNode { Value: { } v } => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            _ => Array.Empty<string>(),
        };
    }

    /// <summary>Renders Markdown lines to plain text blocks separated by blank lines.</summary>
    private static (string Body, List<(TextSpan, ParagraphKind)> Blocks) Render(string[] lines)
    {
        var sb = new StringBuilder();
        var blocks = new List<(TextSpan, ParagraphKind)>();
        var current = new List<string>();
        bool inFence = false;

        void Flush(ParagraphKind kind)
        {
            if (current.Count == 0)
            {
                return;
            }

            string text = ArticleText.Collapse(string.Join(' ', current));
            current.Clear();
            if (text.Length == 0)
            {
                return;
            }

            if (sb.Length > 0)
            {
                sb.Append("\n\n");
            }

            // A short unpunctuated line crediting a picture ("Workers at the plant (Photo: Reuters)")
            // is a caption in Markdown as in plain text: never quoted, never summarised.
            if (kind == ParagraphKind.Text && ArticleText.LooksLikeCaption(text))
            {
                kind = ParagraphKind.Caption;
            }

            blocks.Add((new TextSpan(sb.Length, text.Length), kind));
            sb.Append(text);
        }

        foreach (string raw in lines)
        {
            string line = raw.TrimEnd();
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                Flush(ParagraphKind.Text);
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue; // Code is not prose to quote.
            }

            // "Title\n=====" (or "-----") under paragraph text is a heading, not text plus a rule.
            if (current.Count > 0 && SetextUnderline().IsMatch(line))
            {
                Flush(ParagraphKind.Heading);
                continue;
            }

            if (line.Trim().Length == 0 || ThematicBreak().IsMatch(line))
            {
                Flush(ParagraphKind.Text);
                continue;
            }

            if (HeadingMarker().IsMatch(line))
            {
                Flush(ParagraphKind.Text);
                current.Add(Inline(HeadingMarker().Replace(line, "").TrimEnd('#', ' ')));
                Flush(ParagraphKind.Heading);
                continue;
            }

            var image = Image().Match(line);
            if (image.Success && line.Trim() == image.Value)
            {
                Flush(ParagraphKind.Text);
                current.Add(image.Groups["alt"].Value);
                Flush(ParagraphKind.Caption);
                continue;
            }

            string content = line.TrimStart();
            while (content.StartsWith('>'))
            {
                content = content[1..].TrimStart();
            }

            if (ListMarker().IsMatch(content))
            {
                Flush(ParagraphKind.Text);
                content = ListMarker().Replace(content, "");
            }

            current.Add(Inline(content));
        }

        Flush(ParagraphKind.Text);
        return (sb.ToString(), blocks);
    }

    private static string Inline(string text)
    {
        string t = Image().Replace(text, m => m.Groups["alt"].Value);
        t = Link().Replace(t, m => m.Groups["text"].Value);
        t = AutoLink().Replace(t, m => m.Groups["url"].Value);
        t = HtmlTag().Replace(t, "");
        t = Code().Replace(t, m => m.Groups["t"].Value);
        t = Strong().Replace(t, m => m.Groups["t"].Value);
        t = Emphasis().Replace(t, m => m.Groups["t"].Value);
        return t;
    }
}
