using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;

namespace PolicyBot.Bench.Data;

/// <summary>SQuAD articles written as <c>.md</c> files (title in front matter, one context per paragraph) and indexed.</summary>
internal sealed class SquadCorpus : IDisposable
{
    private readonly Dictionary<string, int> _articleIndexById;

    private SquadCorpus(ArticleLibrary library, Dictionary<string, int> articleIndexById)
    {
        Library = library;
        _articleIndexById = articleIndexById;
    }

    public ArticleLibrary Library { get; }

    /// <summary>The SQuAD article index of a library article id.</summary>
    public int ArticleIndexOf(string articleId) => _articleIndexById.GetValueOrDefault(articleId, -1);

    public static SquadCorpus Build(IEnumerable<SquadArticle> articles, string folder, CancellationToken ct)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in articles)
        {
            string fileName = $"{a.Index:D2}-{Slug(a.Title)}.md";
            MarkdownArticleWriter.Write(Path.Combine(folder, fileName), a.Title, a.Paragraphs, "Wikipedia (SQuAD)");
            ids[ArticleLoader.IdFor(fileName)] = a.Index;
        }

        var library = ArticleLibrary.Open(folder, indexPath: null, progress: null, NullLogger.Instance, ct);
        if (library.Problems.Count > 0)
        {
            throw new InvalidDataException($"SQuAD articles failed to parse: {string.Join("; ", library.Problems.Select(p => $"{p.Path}: {p.Reason}"))}");
        }

        return new SquadCorpus(library, ids);
    }

    public void Dispose() => Library.Dispose();

    private static string Slug(string title) =>
        new string(title.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
}
