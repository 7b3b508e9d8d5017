using System.Text.Json;

namespace PolicyBot.Bench.Data;

/// <summary>The kinds of the realistic development set (<c>bench/dev/bbc-realistic.jsonl</c>).</summary>
internal static class QuestionKinds
{
    public const string Paraphrase = "paraphrase";
    public const string Plain = "plain";
    public const string Figure = "figure";
    public const string Who = "who";
    public const string Unanswerable = "unanswerable";

    public static readonly IReadOnlyList<string> All = [Paraphrase, Plain, Figure, Who, Unanswerable];
}

/// <summary>
/// One question of the realistic set: typed as a team member would, about one BBC article. Answerable
/// ones name a short answer string that occurs in exactly one sentence of that article; unanswerable
/// ones say what detail the whole collection lacks.
/// </summary>
internal sealed record RealisticQuestion(int Line, string Id, string Kind, string ArticleId, string Question, string? Answer, string? Missing)
{
    public bool Answerable => Kind != QuestionKinds.Unanswerable;

    /// <summary>Whether a sentence holds the answer string (case-insensitive), as the checker requires it once per article.</summary>
    public bool IsAnsweredBy(string sentence) => Answer is not null && sentence.Contains(Answer, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the set; a line that is not a JSON object with the fields is reported in <paramref name="problems"/> and skipped.</summary>
    public static IReadOnlyList<RealisticQuestion> Load(string path, List<string>? problems = null)
    {
        var questions = new List<RealisticQuestion>();
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            try
            {
                using var doc = JsonDocument.Parse(text);
                var e = doc.RootElement;
                questions.Add(new RealisticQuestion(
                    line,
                    GzipJson.String(e, "id") ?? "",
                    GzipJson.String(e, "kind") ?? "",
                    GzipJson.String(e, "article") ?? "",
                    GzipJson.String(e, "question") ?? "",
                    GzipJson.String(e, "answer"),
                    GzipJson.String(e, "missing")));
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException)
            {
                (problems ?? throw new InvalidDataException($"{path}:{line}: not a JSON object: {ex.Message}")).Add($"line {line}: not a JSON object: {ex.Message}");
            }
        }

        return questions;
    }
}
