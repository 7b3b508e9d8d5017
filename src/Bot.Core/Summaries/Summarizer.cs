using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;

namespace PolicyBot.Core.Summaries;

/// <summary>A verbatim sentence of a summary and the paragraph it comes from.</summary>
public sealed record SummarySentence(string Text, int Paragraph);

/// <summary>
/// Extractive summaries: the article's own sentences, chosen for how central their words are to
/// the article and how early they come (news puts the gist first), returned in article order.
/// Captions, headings and notices are never chosen: only text paragraphs are candidates.
/// </summary>
public sealed class Summarizer
{
    private readonly Lucene.Net.Analysis.Analyzer _analyzer;

    /// <summary>A summarizer that weighs terms the way <paramref name="library"/> indexes them.</summary>
    public Summarizer(ArticleLibrary library)
        : this(library.Analyzer)
    {
    }

    internal Summarizer(Lucene.Net.Analysis.Analyzer analyzer)
    {
        _analyzer = analyzer;
    }

    public IReadOnlyList<SummarySentence> Summarize(Article article, int count)
    {
        var sentences = article.TextParagraphs
            .SelectMany(p => p.Sentences.Select(s => (Paragraph: p.Number, Text: article.TextOf(s))))
            .ToList();
        if (count <= 0 || sentences.Count == 0)
        {
            return Array.Empty<SummarySentence>();
        }

        var terms = sentences.Select(s => TextAnalysis.Terms(_analyzer, s.Text)).ToList();
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var t in terms.SelectMany(t => t.Distinct()))
        {
            frequency[t] = frequency.GetValueOrDefault(t) + 1;
        }

        var scored = new List<(int Index, double Score)>(sentences.Count);
        for (int i = 0; i < sentences.Count; i++)
        {
            var unique = terms[i].Distinct().ToList();
            if (unique.Count < 4 || RepeatsTitle(sentences[i].Text, article.Info.Title))
            {
                continue; // Fragments, one-liners and the title (shown above the summary) add nothing.
            }

            // Mean (not total) centrality, so long sentences win no points for length alone;
            // position dominates, as news puts the gist first. Weights chosen on the CNN/DM and
            // BBC dev halves (bench summaries): above Lead-3 on both.
            double centrality = unique.Sum(t => Math.Log(frequency[t])) / unique.Count;
            double position = 1.0 / Math.Sqrt(1 + i);
            scored.Add((i, centrality + position * 3.0));
        }

        if (scored.Count == 0)
        {
            scored.AddRange(Enumerable.Range(0, sentences.Count).Select(i => (i, 1.0 / (1 + i))));
        }

        return scored
            .OrderByDescending(s => s.Score)
            .Take(count)
            .OrderBy(s => s.Index)
            .Select(s => new SummarySentence(sentences[s.Index].Text, sentences[s.Index].Paragraph))
            .ToList();
    }

    /// <summary>
    /// A headline-like sentence (quoted, or at most 12 words) that is the title, which is shown above
    /// the summary. A longer first sentence that merely served as a derived title stays eligible:
    /// in news it is usually the lead.
    /// </summary>
    private static bool RepeatsTitle(string sentence, string title)
    {
        static string Bare(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        string trimmed = sentence.TrimStart();
        bool headlineLike = trimmed.StartsWith('"') || trimmed.StartsWith('“') || trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 12;
        return headlineLike && Bare(sentence) == Bare(title);
    }
}
