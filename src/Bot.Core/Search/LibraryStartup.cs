using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Core.Articles;

namespace PolicyBot.Core.Search;

/// <summary>
/// The explicit start step that opens the article library (reading the folder and building or updating its index, with
/// progress reported to any registered <see cref="IProgress{IndexProgress}"/>). The host runs <see cref="OpenAsync"/>
/// with its command's token before anything answers; from then on <see cref="ArticleLibrary"/> resolves to the open
/// library. Opening is done once: later calls return the same library.
/// </summary>
public sealed class LibraryStartup : IDisposable
{
    private readonly ArticleOptions _options;
    private readonly IProgress<IndexProgress>? _progress;
    private readonly ILogger<ArticleLibrary> _logger;
    private readonly SemaphoreSlim _opening = new(1, 1);
    private volatile ArticleLibrary? _library;

    public LibraryStartup(IOptions<ArticleOptions> options, ILogger<ArticleLibrary> logger, IProgress<IndexProgress>? progress = null)
    {
        _options = options.Value;
        _logger = logger;
        _progress = progress;
    }

    public bool IsOpen => _library is not null;

    /// <summary>The open library; resolving it before the start step ran is a composition error, named as such.</summary>
    public ArticleLibrary Library => _library ?? throw new InvalidOperationException("The article library is not open yet: the host runs LibraryStartup.OpenAsync before it answers.");

    /// <summary>Opens the library (once); a missing folder throws <see cref="DirectoryNotFoundException"/>.</summary>
    public async Task<ArticleLibrary> OpenAsync(CancellationToken ct)
    {
        if (_library is { } open)
        {
            return open;
        }

        await _opening.WaitAsync(ct);
        try
        {
            if (_library is null)
            {
                string folder = _options.ResolveFolder();
                // Broken files are in library.Problems; the host reports them where its user will see them.
                _library = await Task.Run(() => ArticleLibrary.Open(folder, _options.ResolveIndexPath(folder), _progress, _logger, ct), ct);
            }

            return _library;
        }
        finally
        {
            _opening.Release();
        }
    }

    /// <summary>Closes the library it opened (whether or not anything resolved it; closing twice is harmless).</summary>
    public void Dispose()
    {
        _library?.Dispose();
        _opening.Dispose();
    }
}
