namespace PolicyBot.Bench.Data;

/// <summary>A line of <c>seed-dev.jsonl</c>: the top answer must contain one of <see cref="Expect"/>, or the bot must decline.</summary>
internal sealed record SeedQuestion(string Id, string Question, IReadOnlyList<string> Expect, bool Unanswerable)
{
    public static IReadOnlyList<SeedQuestion> Load(string path)
    {
        var questions = new List<SeedQuestion>();
        foreach (var doc in GzipJson.ReadLines(path))
        {
            using (doc)
            {
                var e = doc.RootElement;
                var expect = e.TryGetProperty("expect", out var list)
                    ? list.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList()
                    : [];
                questions.Add(new SeedQuestion(GzipJson.String(e, "id") ?? "", GzipJson.String(e, "q") ?? "", expect, GzipJson.Bool(e, "unanswerable")));
            }
        }

        return questions;
    }

    public bool IsMetBy(string answer) => Expect.Any(x => answer.Contains(x, StringComparison.OrdinalIgnoreCase));
}
