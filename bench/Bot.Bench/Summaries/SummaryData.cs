using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyBot.Bench.Data;

namespace PolicyBot.Bench.Summaries;

/// <summary>A CNN/DailyMail test article: the text on one line, its sentences as the data set split them, and the highlights.</summary>
internal sealed record CnnDmDocument(string Id, string Article, IReadOnlyList<string> ArticleSentences, string Reference)
{
    public const string File = "cnndm-test-frank250.dev-half.jsonl.gz";

    public static IReadOnlyList<CnnDmDocument> Load(string path)
    {
        var documents = new List<CnnDmDocument>();
        foreach (var doc in GzipJson.ReadLines(path))
        {
            using (doc)
            {
                var e = doc.RootElement;
                var sentences = e.TryGetProperty("article_sentences", out var list) && list.ValueKind == JsonValueKind.Array
                    ? list.EnumerateArray().Select(s => s.GetString() ?? "").ToList()
                    : [];
                documents.Add(new CnnDmDocument(GzipJson.String(e, "id") ?? "", GzipJson.String(e, "article") ?? "", sentences, GzipJson.String(e, "reference") ?? ""));
            }
        }

        return documents;
    }

    /// <summary>
    /// The highlights are tokenised text with the highlights separated by a lone "." token
    /// ("... alien life . Indications within a decade ; ..."): a sentence ends at a token that is only ".", "!" or "?".
    /// </summary>
    public IReadOnlyList<string> ReferenceSentences()
    {
        var sentences = new List<string>();
        var current = new List<string>();
        foreach (string token in Reference.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            current.Add(token);
            if (token is "." or "!" or "?")
            {
                sentences.Add(string.Join(' ', current));
                current.Clear();
            }
        }

        if (current.Count > 0)
        {
            sentences.Add(string.Join(' ', current));
        }

        return sentences;
    }
}

/// <summary>A BBC news article with its extractive reference summary (duplicates already left out).</summary>
internal sealed partial record BbcSummaryDocument(string Id, string Category, string Title, IReadOnlyList<string> Paragraphs, string Summary)
{
    // A sentence ends at '.', '!' or '?' with any closing quotes or brackets, when a capital letter or an
    // opening quote or bracket follows, with or without a space (the summaries run sentences together).
    // Decimals ("$10.9bn") and lower-case continuations do not split.
    [GeneratedRegex("""[.!?]["'”’)\]]*(?=\s*[A-Z"“‘'(\[])""")]
    private static partial Regex SentenceEnd();

    /// <summary>The articles of the file, without those marked <c>duplicate_of</c>; <paramref name="duplicates"/> counts those.</summary>
    public static IReadOnlyList<BbcSummaryDocument> Load(string path, out int duplicates)
    {
        var documents = new List<BbcSummaryDocument>();
        duplicates = 0;
        foreach (var doc in GzipJson.ReadLines(path))
        {
            using (doc)
            {
                var e = doc.RootElement;
                if (e.TryGetProperty("duplicate_of", out var dup) && dup.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined))
                {
                    duplicates++;
                    continue;
                }

                // Split the body into paragraphs exactly as BbcArticle (the speed corpus) does.
                string text = (GzipJson.String(e, "text") ?? "").Replace("\r\n", "\n", StringComparison.Ordinal);
                var paragraphs = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                    .Select(p => p.Replace('\n', ' '))
                    .ToList();
                documents.Add(new BbcSummaryDocument(GzipJson.String(e, "id") ?? "", GzipJson.String(e, "category") ?? "",
                    GzipJson.String(e, "title") ?? "", paragraphs, GzipJson.String(e, "summary") ?? ""));
            }
        }

        return documents;
    }

    /// <summary>The article as a <c>.md</c> file with its title in the front matter, as the speed corpus writes it.</summary>
    public string Markdown() => MarkdownArticleWriter.Render(Title, Paragraphs);

    /// <summary>The reference summary split back into its sentences (see <see cref="SentenceEnd"/>).</summary>
    public IReadOnlyList<string> ReferenceSentences()
    {
        var sentences = new List<string>();
        int start = 0;
        foreach (Match m in SentenceEnd().Matches(Summary))
        {
            Add(Summary[start..(m.Index + m.Length)]);
            start = m.Index + m.Length;
        }

        Add(Summary[start..]);
        return sentences;

        void Add(string sentence)
        {
            if (sentence.Trim() is { Length: > 0 } s)
            {
                sentences.Add(s);
            }
        }
    }
}
