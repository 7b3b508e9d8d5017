namespace PolicyBot.Bench.Data;

/// <summary>A BBC news article of the summary data set; the body's paragraphs were separated by blank lines.</summary>
internal sealed record BbcArticle(string Id, string Category, string Title, IReadOnlyList<string> Paragraphs)
{
    /// <summary>The id of the article whose body this one repeats, or null.</summary>
    public string? DuplicateOf { get; init; }

    public static IReadOnlyList<BbcArticle> Load(string path)
    {
        var articles = new List<BbcArticle>();
        foreach (var doc in GzipJson.ReadLines(path))
        {
            using (doc)
            {
                var e = doc.RootElement;
                string text = (GzipJson.String(e, "text") ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
                var paragraphs = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(p => p.Replace('\n', ' '))
                    .ToList();
                articles.Add(new BbcArticle(GzipJson.String(e, "id") ?? "", GzipJson.String(e, "category") ?? "", GzipJson.String(e, "title") ?? "", paragraphs)
                {
                    DuplicateOf = GzipJson.String(e, "duplicate_of"),
                });
            }
        }

        return articles;
    }

    /// <summary>The title turned into two questions a reader might ask about the story.</summary>
    public IEnumerable<string> AsQuestions()
    {
        string title = Title.TrimEnd('.', '?', '!');
        yield return $"What is the news about {title}?";
        yield return $"What happened with {title}?";
    }
}
