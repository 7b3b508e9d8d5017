using PolicyBot.Core.Search;

namespace PolicyBot.Bench.Ranking;

/// <summary>A text sentence exactly as the library indexes it.</summary>
internal sealed record IndexedSentence(string ArticleId, int Paragraph, string Text);

/// <summary>Lists the sentences the library indexed (its own <c>IndexedSentences</c> of each parsed article), so a baseline ranks the same sentences.</summary>
internal static class LibrarySentences
{
    public static IReadOnlyList<IndexedSentence> Enumerate(ArticleLibrary library)
    {
        var sentences = new List<IndexedSentence>(library.SentenceCount);
        foreach (var info in library.Articles)
        {
            var article = library.LoadArticle(info.Id)
                ?? throw new InvalidDataException($"The article '{info.Id}' ({info.FilePath}) could not be loaded again.");
            sentences.AddRange(ArticleLibrary.IndexedSentences(article).Select(s => new IndexedSentence(info.Id, s.Paragraph, article.TextOf(s.Span))));
        }

        return sentences;
    }
}
