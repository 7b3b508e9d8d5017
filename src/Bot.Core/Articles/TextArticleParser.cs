using System.Text.RegularExpressions;

namespace PolicyBot.Core.Articles;

/// <summary>
/// Reads plain-text articles in the seed's style: an optional 【source, author】 byline, an optional
/// title line, one paragraph per line (or blank-line separated blocks of wrapped lines), caption
/// lines, and trailing notices (Original: link, Statement:, reproduction notices) that become metadata.
/// </summary>
public static partial class TextArticleParser
{
    [GeneratedRegex(@"^(?:original(?:\s+link)?|source\s+link|link|url|read\s+more)\s*[:：]\s*(?<url>\S+)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex LinkLine();

    [GeneratedRegex(@"^(?:published|date|posted)\s*[:：]\s*(?<date>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex DateLine();

    [GeneratedRegex(@"^(?:statement|disclaimer|editor|responsible\s+editor|copyright|note)\s*[:：]", RegexOptions.IgnoreCase)]
    private static partial Regex LabelledNotice();

    // Rights language, not a body sentence that merely mentions reproduction or copyright.
    [GeneratedRegex(
        @"unauthori[sz]ed\s+(?:reproduction|reprint|reprinting|republication|republishing|reposting|copying|use)"
        + @"|(?:reproduction|reprint|reprinting|republication|republishing|reposting|copying)\s+(?:is\s+|are\s+)?(?:strictly\s+)?(?:prohibited|forbidden|not\s+(?:allowed|permitted))"
        + @"|(?:article|story|report|content)\s+is\s+exclusive(?:ly)?\s+(?:to|for)\b"
        + @"|all\s+rights\s+reserved|©|^copyright\s*(?:\(c\)\s*)?\d{4}",
        RegexOptions.IgnoreCase)]
    private static partial Regex RightsNotice();

    public static ArticleParseResult Parse(string id, string text, string? filePath, DateTimeOffset addedAt)
    {
        var lines = text.Split('\n');
        int first = 0;
        while (first < lines.Length && string.IsNullOrWhiteSpace(lines[first]))
        {
            first++;
        }

        int last = lines.Length - 1;
        while (last >= first && string.IsNullOrWhiteSpace(lines[last]))
        {
            last--;
        }

        if (first > last)
        {
            return ArticleParseResult.Fail("the file is empty");
        }

        string? source = null, author = null, url = null, published = null, title = null;
        var notices = new List<string>();

        string firstLine = lines[first].Trim();
        string? bylineLine = null;
        if (firstLine.StartsWith('【') && firstLine.EndsWith('】'))
        {
            (source, author) = ParseByline(firstLine[1..^1]);
            bylineLine = firstLine;
            first++;
        }

        // Leading "Published: 2026-02-08" / "Original: <url>" lines, before the title and body.
        while (first <= last)
        {
            string line = lines[first].Trim();
            if (line.Length == 0)
            {
                first++;
                continue;
            }

            var link = LinkLine().Match(line);
            var date = DateLine().Match(line);
            if (link.Success && ArticleText.NormaliseUrl(link.Groups["url"].Value) is { } u)
            {
                url ??= u;
            }
            else if (date.Success && ArticleText.NormaliseDate(date.Groups["date"].Value) is { } d)
            {
                published ??= d;
            }
            else
            {
                break;
            }

            notices.Add(line);
            first++;
        }

        // Trailing notices, read upwards until the first line that is article text.
        var trailing = new List<string>();
        while (last >= first)
        {
            string line = lines[last].Trim();
            if (line.Length == 0)
            {
                last--;
                continue;
            }

            var link = LinkLine().Match(line);
            var date = DateLine().Match(line);
            if (link.Success)
            {
                url ??= ArticleText.NormaliseUrl(link.Groups["url"].Value);
            }
            else if (date.Success && ArticleText.NormaliseDate(date.Groups["date"].Value) is { } d)
            {
                published ??= d;
            }
            else if (!LabelledNotice().IsMatch(line) && !(RightsNotice().IsMatch(line) && line.Length < 300))
            {
                break;
            }

            trailing.Add(line);
            last--;
        }

        trailing.Reverse();
        notices.AddRange(trailing);

        while (first <= last && string.IsNullOrWhiteSpace(lines[first]))
        {
            first++;
        }

        // A short unpunctuated first line followed by more text is the title, unless it is the first line
        // of a hard-wrapped paragraph.
        if (first < last && ArticleText.LooksLikeHeading(lines[first]) && !ArticleText.LooksLikeCaption(lines[first])
            && !IsWrapped(lines[first..(last + 1)].TakeWhile(l => !string.IsNullOrWhiteSpace(l)).ToList()))
        {
            title = ArticleText.Collapse(lines[first]);
            first++;
        }

        if (first > last)
        {
            return ArticleParseResult.Fail("the file has no article text, only a byline or notices");
        }

        string body = string.Join('\n', lines[first..(last + 1)]).Trim();
        var paragraphs = ArticleText.BuildParagraphs(body, Blocks(body));
        if (!paragraphs.Any(p => p.Kind == ParagraphKind.Text))
        {
            return ArticleParseResult.Fail("the file has no paragraph of article text");
        }

        title ??= ArticleText.DeriveTitle(body, paragraphs, id);
        var info = new ArticleInfo(id, title, source, author, url, published, Array.Empty<string>(),
            paragraphs.Count(p => p.Kind == ParagraphKind.Text), filePath, addedAt);
        return ArticleParseResult.Ok(new Article(info, body, paragraphs, notices) { BylineLine = bylineLine });
    }

    /// <summary>"Wen/Observer Net, Liu Bai" → (Observer Net, Liu Bai); "Reuters" → (Reuters, null).</summary>
    internal static (string? Source, string? Author) ParseByline(string byline)
    {
        string t = byline.Trim();
        int slash = t.IndexOfAny(new[] { '/', '／' });
        if (slash >= 0 && slash <= 6)
        {
            t = t[(slash + 1)..].Trim(); // "Wen/" or "文/" means "text by".
        }

        int comma = t.IndexOfAny(new[] { ',', '，', ';', '；' });
        if (comma < 0)
        {
            return (Empty(t), null);
        }

        return (Empty(t[..comma]), Empty(t[(comma + 1)..]));

        static string? Empty(string s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
    }

    /// <summary>
    /// Paragraph blocks: each non-blank line is a paragraph, except in blank-line separated blocks whose
    /// lines are hard-wrapped (they break mid-sentence), which form one paragraph each.
    /// </summary>
    private static IEnumerable<(TextSpan, ParagraphKind)> Blocks(string body)
    {
        var lineSpans = new List<TextSpan>();
        int pos = 0;
        while (pos <= body.Length)
        {
            int nl = body.IndexOf('\n', pos);
            int end = nl < 0 ? body.Length : nl;
            lineSpans.Add(new TextSpan(pos, end - pos));
            if (nl < 0)
            {
                break;
            }

            pos = nl + 1;
        }

        var block = new List<TextSpan>();
        foreach (var line in lineSpans.Append(new TextSpan(body.Length, 0)))
        {
            if (line.Length > 0 && !string.IsNullOrWhiteSpace(body.Substring(line.Start, line.Length)))
            {
                block.Add(line);
                continue;
            }

            foreach (var item in FromBlock(body, block))
            {
                yield return item;
            }

            block.Clear();
        }
    }

    private static IEnumerable<(TextSpan, ParagraphKind)> FromBlock(string body, List<TextSpan> block)
    {
        if (block.Count == 0)
        {
            yield break;
        }

        if (IsWrapped(block.Select(l => body.Substring(l.Start, l.Length)).ToList()))
        {
            var span = Trim(body, new TextSpan(block[0].Start, block[^1].End - block[0].Start));
            yield return (span, ParagraphKind.Text);
            yield break;
        }

        foreach (var l in block)
        {
            var span = Trim(body, l);
            string s = body.Substring(span.Start, span.Length);
            var kind = ArticleText.LooksLikeCaption(s) ? ParagraphKind.Caption
                : ArticleText.LooksLikeHeading(s) && s.Length < 80 ? ParagraphKind.Heading
                : ParagraphKind.Text;
            yield return (span, kind);
        }
    }

    /// <summary>A block of lines is one hard-wrapped paragraph when every line but the last is long and breaks mid-sentence.</summary>
    private static bool IsWrapped(List<string> block) =>
        block.Count > 1 && block.Take(block.Count - 1).All(s => s.Trim().Length >= 30 && !ArticleText.EndsLikeSentence(s));

    internal static TextSpan Trim(string body, TextSpan span)
    {
        int s = span.Start, e = span.End;
        while (s < e && char.IsWhiteSpace(body[s]))
        {
            s++;
        }

        while (e > s && char.IsWhiteSpace(body[e - 1]))
        {
            e--;
        }

        return new TextSpan(s, e - s);
    }
}
