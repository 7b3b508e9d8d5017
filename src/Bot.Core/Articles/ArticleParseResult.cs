namespace PolicyBot.Core.Articles;

/// <summary>Either a parsed article or the reason the file could not be read as one.</summary>
public sealed record ArticleParseResult(Article? Article, string? Error)
{
    public static ArticleParseResult Ok(Article article) => new(article, null);

    public static ArticleParseResult Fail(string error) => new(null, error);

    public bool Succeeded => Article is not null;
}
