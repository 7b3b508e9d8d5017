using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;

namespace PolicyBot.Core.Facts;

/// <summary>
/// The key facts of an article for <c>/facts</c>: the text sentences that carry figures (amounts, percentages,
/// counts, dates) or names (places, organisations), most informative first, each a verbatim, citable sentence.
/// </summary>
/// <remarks>
/// <para>Only text paragraphs are read (the sentences the index holds), so captions, headings and notices
/// never appear; a sentence that merely repeats the article's title is skipped, as the summary does.</para>
/// <para>Score of a sentence (see <see cref="Score"/>):</para>
/// <code>
/// score = Σ over kinds k:  weight(k) × (1 + ½ + ¼ + …)   one term per distinct mention of kind k
///       + 0.5 × (1 − i / n)                               i = sentence index, n = text sentences in the article
/// weight: Amount 4, Percentage 4, Count 2, Date 2, Place 1, Organisation 1
/// </code>
/// <para>Distinct means a different normalised text ("BYD … BYD" counts once). The halving per further
/// mention of the same kind lets a second figure add to a sentence without letting a list of four country
/// names outrank a sentence with one amount and a date. The position bonus is at most 0.5, less than any
/// first mention of a kind, so it mostly breaks near-ties in favour of earlier sentences; exact ties keep
/// article order. Scores are rounded to three decimals.</para>
/// </remarks>
public static class FactFinder
{
    /// <summary>The bonus for the first sentence of the article, falling linearly to 0 for the last.</summary>
    public const double PositionBonus = 0.5;

    /// <summary>The weight of the first distinct mention of a kind; each further mention of that kind adds half the previous.</summary>
    public static double Weight(FactKind kind) => kind switch
    {
        FactKind.Amount or FactKind.Percentage => 4.0,
        FactKind.Count or FactKind.Date => 2.0,
        _ => 1.0,
    };

    /// <summary>Up to <paramref name="max"/> key facts of <paramref name="article"/>, best first (ties in article order).</summary>
    public static IReadOnlyList<KeyFact> Find(Article article, int max = 10)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0)
        {
            return Array.Empty<KeyFact>();
        }

        var sentences = ArticleLibrary.IndexedSentences(article);
        var facts = new List<(KeyFact Fact, int Index)>();
        for (int i = 0; i < sentences.Count; i++)
        {
            var (paragraph, span) = sentences[i];
            string text = article.TextOf(span);
            if (RepeatsTitle(text, article.Info.Title))
            {
                continue;
            }

            var mentions = FactRecognizer.Recognise(text, span.Start);
            if (mentions.Count == 0)
            {
                continue;
            }

            facts.Add((new KeyFact(text, paragraph, span, mentions, Score(mentions, i, sentences.Count)), i));
        }

        return facts
            .OrderByDescending(f => f.Fact.Score)
            .ThenBy(f => f.Index)
            .Take(max)
            .Select(f => f.Fact)
            .ToList();
    }

    /// <summary>The score of a sentence with <paramref name="mentions"/> at <paramref name="index"/> of <paramref name="count"/> text sentences.</summary>
    public static double Score(IReadOnlyList<FactMention> mentions, int index, int count)
    {
        ArgumentNullException.ThrowIfNull(mentions);
        double score = 0;
        foreach (var kind in mentions.GroupBy(m => m.Kind))
        {
            int distinct = kind.Select(m => Normalise(m.Text)).Distinct(StringComparer.Ordinal).Count();
            double share = 1.0;
            for (int r = 0; r < distinct; r++)
            {
                score += Weight(kind.Key) * share;
                share /= 2;
            }
        }

        if (count > 0)
        {
            score += PositionBonus * (1.0 - (double)Math.Clamp(index, 0, count) / count);
        }

        return Math.Round(score, 3);
    }

    /// <summary>"the U.S." and "U.S" are one mention; so are "BYD" and "BYD's".</summary>
    private static string Normalise(string text)
    {
        string t = text.Trim().TrimEnd('.').ToLowerInvariant();
        if (t.StartsWith("the ", StringComparison.Ordinal))
        {
            t = t[4..];
        }

        return t.EndsWith("'s", StringComparison.Ordinal) || t.EndsWith("’s", StringComparison.Ordinal) ? t[..^2] : t;
    }

    private static bool RepeatsTitle(string sentence, string title)
    {
        static string Bare(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return Bare(sentence) == Bare(title);
    }
}
