using System.Text.Json;

namespace PolicyBot.Bench.Data;

/// <summary>A SQuAD article: its title and paragraph contexts.</summary>
internal sealed record SquadArticle(int Index, string Title, IReadOnlyList<string> Paragraphs);

/// <summary>A SQuAD question with its gold answer strings; <see cref="Impossible"/> marks SQuAD 2.0's unanswerable ones.</summary>
internal sealed record SquadQuestion(string Id, string Text, IReadOnlyList<string> Answers, bool Impossible, int ArticleIndex)
{
    /// <summary>Whether <paramref name="sentence"/> contains one of the answer strings (case-insensitive).</summary>
    public bool IsAnsweredBy(string sentence) => Answers.Any(a => sentence.Contains(a, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A SQuAD file in the official layout (<c>data[].title</c>, <c>paragraphs[].context</c>, <c>qas[]</c>).</summary>
internal sealed record SquadData(string Name, IReadOnlyList<SquadArticle> Articles, IReadOnlyList<SquadQuestion> Questions)
{
    public static SquadData Load(string path)
    {
        using var doc = GzipJson.ReadDocument(path);
        var articles = new List<SquadArticle>();
        var questions = new List<SquadQuestion>();
        foreach (var a in doc.RootElement.GetProperty("data").EnumerateArray())
        {
            int index = articles.Count;
            var contexts = new List<string>();
            foreach (var p in a.GetProperty("paragraphs").EnumerateArray())
            {
                contexts.Add(p.GetProperty("context").GetString() ?? "");
                foreach (var qa in p.GetProperty("qas").EnumerateArray())
                {
                    var answers = qa.TryGetProperty("answers", out var list) && list.ValueKind == JsonValueKind.Array
                        ? list.EnumerateArray().Select(x => GzipJson.String(x, "text") ?? "").Where(t => t.Trim().Length > 0).Distinct(StringComparer.Ordinal).ToList()
                        : [];
                    questions.Add(new SquadQuestion(
                        GzipJson.String(qa, "id") ?? "",
                        GzipJson.String(qa, "question") ?? "",
                        answers,
                        GzipJson.Bool(qa, "is_impossible") || answers.Count == 0,
                        index));
                }
            }

            articles.Add(new SquadArticle(index, ReadableTitle(GzipJson.String(a, "title") ?? $"Article {index + 1}"), contexts));
        }

        return new SquadData(Path.GetFileName(path), articles, questions);
    }

    /// <summary>"Super_Bowl_50" → "Super Bowl 50" (titles are Wikipedia page names).</summary>
    private static string ReadableTitle(string title) => Uri.UnescapeDataString(title).Replace('_', ' ').Trim();
}
