using Microsoft.Extensions.Hosting;
using PolicyBot.Core.Articles;

namespace PolicyBot.Hosting;

/// <summary>
/// Runs Core's <see cref="ArticleFolderWatcher"/> for the long-running bot (shell and serve). Core cannot
/// derive from BackgroundService (it references no hosting package), so this is the whole of the adapter.
/// </summary>
public sealed class ArticleFolderWatcherService : BackgroundService
{
    private readonly ArticleFolderWatcher _watcher;

    public ArticleFolderWatcherService(ArticleFolderWatcher watcher)
    {
        _watcher = watcher;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // Host start-up must not wait for the first rescan.
        await _watcher.RunAsync(stoppingToken);
    }
}
