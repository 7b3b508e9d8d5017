namespace PolicyBot.Core.Articles;

/// <summary>The outcome of adding an article: its id and title, or why it could not be added.</summary>
public sealed record ArticleAddResult(bool Added, string? ArticleId, string? Title, string Message);

/// <summary>Adds an article from a file or a web page to the collection and indexes it at once (alerts follow as for any new article).</summary>
public interface IArticleAdder
{
    /// <param name="allowLocalFiles">Only the shell and the command line may name a file: a chat user must never be able to copy files from the bot's machine.</param>
    Task<ArticleAddResult> AddAsync(string fileOrUrl, bool allowLocalFiles, CancellationToken ct);
}
