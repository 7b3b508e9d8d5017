using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;

namespace PolicyBot.Core.Conversation;

/// <summary>The outcome of looking up an article by what a person typed.</summary>
public sealed record ArticleMatch(ArticleInfo? Article, IReadOnlyList<ArticleInfo> Candidates)
{
    public bool IsAmbiguous => Article is null && Candidates.Count > 1;
}

/// <summary>Finds an article by id, by 'latest', or by words from its title (best match; several close ones are a choice).</summary>
public sealed class ArticleResolver
{
    private readonly ArticleLibrary _library;

    public ArticleResolver(ArticleLibrary library)
    {
        _library = library;
    }

    public ArticleMatch Resolve(string? query)
    {
        var articles = _library.Articles;
        if (articles.Count == 0)
        {
            return new ArticleMatch(null, Array.Empty<ArticleInfo>());
        }

        string q = (query ?? "").Trim();
        if (q.Length == 0 && articles.Count == 1)
        {
            return new ArticleMatch(articles[0], Array.Empty<ArticleInfo>());
        }

        if (q.Length == 0 || q.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return new ArticleMatch(Latest(articles), Array.Empty<ArticleInfo>());
        }

        var byId = articles.FirstOrDefault(a => a.Id.Equals(q, StringComparison.OrdinalIgnoreCase))
            ?? articles.FirstOrDefault(a => a.Id.EndsWith("/" + q, StringComparison.OrdinalIgnoreCase));
        if (byId is not null)
        {
            return new ArticleMatch(byId, Array.Empty<ArticleInfo>());
        }

        var wanted = TextAnalysis.Terms(_library.Analyzer, q).Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new ArticleMatch(null, Array.Empty<ArticleInfo>());
        }

        var scored = articles
            .Select(a =>
            {
                var have = new HashSet<string>(TextAnalysis.Terms(_library.Analyzer, a.Title + " " + a.Id.Replace('-', ' ') + " " + a.Source), StringComparer.Ordinal);
                return (Article: a, Score: wanted.Count(have.Contains) / (double)wanted.Count);
            })
            .Where(s => s.Score >= 0.5)
            .OrderByDescending(s => s.Score)
            .ThenByDescending(s => s.Article.AddedAt)
            .ToList();
        if (scored.Count == 0)
        {
            return new ArticleMatch(null, Array.Empty<ArticleInfo>());
        }

        var close = scored.TakeWhile(s => s.Score >= scored[0].Score - 0.1).Select(s => s.Article).ToList();
        return close.Count == 1 ? new ArticleMatch(close[0], close) : new ArticleMatch(null, close.Take(10).ToList());
    }

    /// <summary>The newest article by publication date, then by when it was added.</summary>
    public static ArticleInfo Latest(IReadOnlyList<ArticleInfo> articles) =>
        articles.OrderByDescending(a => a.Published ?? "").ThenByDescending(a => a.AddedAt).ThenBy(a => a.Id, StringComparer.Ordinal).First();
}
