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

    public Summarizer(Lucene.Net.Analysis.Analyzer analyzer)
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

            double centrality = unique.Sum(t => Math.Log(1 + frequency[t] - 1)) / Math.Sqrt(unique.Count);
            double position = 1.0 / Math.Sqrt(1 + i);
            scored.Add((i, centrality * 0.5 + position * 2.0));
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

    private static bool RepeatsTitle(string sentence, string title)
    {
        static string Bare(string s) => new(s.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
        return Bare(sentence) == Bare(title);
    }
}
