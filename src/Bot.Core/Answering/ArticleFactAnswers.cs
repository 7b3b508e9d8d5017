using System.Text.RegularExpressions;
using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Answering;

/// <summary>
/// Answers a question about an article itself from what the file says about it: the byline line, the front matter
/// and notices ("Original: …", "Published: …"), the title and the image captions — never from a body sentence that
/// happens to share a word. A fact the article does not carry is declined, saying so.
/// </summary>
public static partial class ArticleFactAnswers
{
    // The credit at the end of a caption: "… at an auto show IC Photo", "… (Photo: Reuters)".
    [GeneratedRegex(@"\s*(?:\((?:photo|image|picture|credit)[^)]*\)|(?:[A-Z][\w/.-]*\s+){0,3}(?:Photo|Image|Picture)s?(?:\s*/\s*\w+)?|(?:photo|image|credit)\s*[:：].*)\s*$")]
    private static partial Regex CaptionCredit();

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();

    /// <summary>The answer to <paramref name="asked"/> about <paramref name="article"/>; declined when the article does not carry the fact.</summary>
    public static AnswerResult Answer(ArticleFactQuestion asked, Article article, string question, TimeSpan elapsed = default)
    {
        ArgumentNullException.ThrowIfNull(asked);
        ArgumentNullException.ThrowIfNull(article);
        var info = article.Info;
        return asked.Fact switch
        {
            ArticleFact.Author => Byline(question, article, info.Author, elapsed, "The article does not name its author."),
            ArticleFact.Source => Byline(question, article, info.Source, elapsed, "The article does not name the outlet that published it."),
            ArticleFact.Link => Byline(question, article, info.Url, elapsed, "The article does not give a link to the original."),
            ArticleFact.Published => Byline(question, article, info.Published, elapsed, "The article does not give the date it was published."),
            ArticleFact.Tags => Byline(question, article, info.Tags.Count > 0 ? string.Join(", ", info.Tags) : null, elapsed, "The article has no tags."),
            ArticleFact.Title => Answered(question, elapsed, new Passage(info.Title, info, 0, 1.0) { Part = PassagePart.Title }),
            _ => Captions(asked, article, question, elapsed),
        };
    }

    /// <summary>
    /// The line of the file that gives <paramref name="value"/>, with the value marked: the byline line or the notice
    /// that holds it as the file writes it, else the front-matter values as one readable line.
    /// </summary>
    private static AnswerResult Byline(string question, Article article, string? value, TimeSpan elapsed, string missing)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return new AnswerResult(question, false, Array.Empty<Passage>(), elapsed) { Reason = missing };
        }

        string line = FileLineHolding(article, value) ?? FrontMatterLine(article.Info);
        var span = Locate(line, value);
        return Answered(question, elapsed, new Passage(line, article.Info, 0, 1.0) { Part = PassagePart.Byline, Span = span });
    }

    private static string? FileLineHolding(Article article, string value)
    {
        var lines = new List<string>();
        if (article.BylineLine is { } byline)
        {
            lines.Add(byline);
        }

        lines.AddRange(article.Notices);
        // A link is normalised ("toutiao.com/x" → "https://toutiao.com/x"): the notice holds it as typed.
        string bare = Regex.Replace(value, @"^https?://", "", RegexOptions.IgnoreCase).TrimEnd('/');
        return lines.FirstOrDefault(l => l.Contains(value, StringComparison.OrdinalIgnoreCase))
            ?? lines.FirstOrDefault(l => bare.Length > 0 && l.Contains(bare, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>"Author: Jane Doe · Source: Reuters · Published: 2026-02-08 · Link: https://… · Tags: trade, EVs".</summary>
    internal static string FrontMatterLine(ArticleInfo info)
    {
        var parts = new List<string>();
        void Add(string label, string? v)
        {
            if (!string.IsNullOrWhiteSpace(v))
            {
                parts.Add($"{label}: {v}");
            }
        }

        Add("Author", info.Author);
        Add("Source", info.Source);
        Add("Published", info.Published);
        Add("Link", info.Url);
        Add("Tags", info.Tags.Count > 0 ? string.Join(", ", info.Tags) : null);
        return string.Join(" · ", parts);
    }

    private static AnswerSpan? Locate(string line, string value)
    {
        int i = line.IndexOf(value, StringComparison.OrdinalIgnoreCase);
        if (i < 0)
        {
            string bare = Regex.Replace(value, @"^https?://", "", RegexOptions.IgnoreCase).TrimEnd('/');
            i = line.IndexOf(bare, StringComparison.OrdinalIgnoreCase);
            if (i < 0)
            {
                return null;
            }

            // The link as the line writes it, to its end ("toutiao.com/article/7604…/").
            int end = i + bare.Length;
            while (end < line.Length && !char.IsWhiteSpace(line[end]))
            {
                end++;
            }

            return new AnswerSpan(i, end - i);
        }

        return new AnswerSpan(i, value.Length);
    }

    /// <summary>
    /// The captions that match the rest of the question best ("what car is in the photo": all of them when nothing
    /// singles one out), each marked without its picture credit.
    /// </summary>
    private static AnswerResult Captions(ArticleFactQuestion asked, Article article, string question, TimeSpan elapsed)
    {
        var captions = article.Paragraphs.Where(p => p.Kind == ParagraphKind.Caption && article.TextOf(p.Span).Trim().Length > 0).ToList();
        if (captions.Count == 0)
        {
            return new AnswerResult(question, false, Array.Empty<Passage>(), elapsed) { Reason = "The article has no photo captions." };
        }

        var restWords = Word().Matches(asked.Rest).Select(m => m.Value.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        var ranked = captions
            .Select((p, i) => (Paragraph: p, Order: i, Shared: Word().Matches(article.TextOf(p.Span)).Count(w => restWords.Contains(w.Value.ToLowerInvariant()))))
            .OrderByDescending(c => c.Shared)
            .ThenBy(c => c.Order)
            .Take(3)
            .Select(c =>
            {
                string text = article.TextOf(c.Paragraph.Span);
                var credit = CaptionCredit().Match(text);
                int length = credit.Success && credit.Index > 0 ? credit.Index : text.Length;
                return new Passage(text, article.Info, c.Paragraph.Number, 1.0)
                {
                    Part = PassagePart.Caption,
                    Span = length < text.Length ? new AnswerSpan(0, text[..length].TrimEnd().Length) : null,
                };
            })
            .ToList();
        return Answered(question, elapsed, ranked.ToArray());
    }

    private static AnswerResult Answered(string question, TimeSpan elapsed, params Passage[] passages) =>
        new(question, true, passages, elapsed);
}
