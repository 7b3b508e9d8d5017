using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;

namespace PolicyBot.Feeds;

/// <summary>
/// Adds an article (a web page, or a local file from the shell and command line) to the article folder and indexes it
/// at once: through the folder watcher when it runs, so listeners (alerts) hear of it as of any new file, else by
/// refreshing the library directly.
/// </summary>
public sealed class LibraryArticleAdder : IArticleAdder
{
    private readonly ArticleImporter _importer;
    private readonly ArticleLibrary _library;
    private readonly ArticleFolderWatcher? _watcher;

    public LibraryArticleAdder(ArticleImporter importer, ArticleLibrary library, ArticleFolderWatcher? watcher = null)
    {
        _importer = importer;
        _library = library;
        _watcher = watcher;
    }

    public async Task<ArticleAddResult> AddAsync(string fileOrUrl, bool allowLocalFiles, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fileOrUrl);
        string input = fileOrUrl.Trim();
        if (!allowLocalFiles && !input.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !input.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return new ArticleAddResult(false, null, null, "Give the article's web address (http or https).");
        }

        var imported = await _importer.ImportAsync(input, _library.Folder, ct);
        if (!imported.Succeeded)
        {
            return new ArticleAddResult(false, null, null, $"Could not add that: {imported.Error}.");
        }

        if (_watcher is not null)
        {
            await _watcher.RefreshNowAsync(ct);
        }
        else
        {
            _library.Refresh(null, ct);
        }

        string full = Path.GetFullPath(imported.Path!);
        var article = _library.Articles.FirstOrDefault(a => a.FilePath is { } path && string.Equals(Path.GetFullPath(path), full, StringComparison.Ordinal));
        string title = article?.Title ?? imported.Title ?? Path.GetFileNameWithoutExtension(full);
        if (imported.AlreadyPresent)
        {
            return new ArticleAddResult(false, article?.Id, title, $"“{title}” is already in the collection{(article is null ? "" : $" (id {article.Id})")}.");
        }

        return article is null
            ? new ArticleAddResult(false, null, title, $"Saved “{title}”, but it could not be indexed; the log says why.")
            : new ArticleAddResult(true, article.Id, title, $"Added “{title}” (id {article.Id}). Subscribed channels get an alert.");
    }
}
