using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;

namespace PolicyBot.Hosting;

/// <summary>
/// Keeps replicas that share an article folder and a store on the same articles: an announcement from another replica
/// (<see cref="LibraryChangeAnnouncer"/> sends this replica's) makes this one refresh at once. The folder watcher's
/// periodic rescan stays the safety net, so a missed notification delays an article, never loses it.
/// </summary>
public sealed class LibrarySyncService : BackgroundService
{
    private readonly IReplicaCoordination _shared;
    private readonly ReplicaIdentity _self;
    private readonly LibraryStartup _startup;
    private readonly ArticleFolderWatcher? _watcher;
    private readonly ILogger<LibrarySyncService> _logger;

    /// <param name="startup">The opened library, refreshed directly when there is no <paramref name="watcher"/>.</param>
    /// <param name="watcher">The folder watcher when <c>Articles:Watch</c> is on: refreshing through it tells every listener.</param>
    public LibrarySyncService(IReplicaCoordination shared, ReplicaIdentity self, LibraryStartup startup, ILogger<LibrarySyncService> logger, ArticleFolderWatcher? watcher = null)
    {
        _shared = shared;
        _self = self;
        _startup = startup;
        _watcher = watcher;
        _logger = logger;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _shared.ListenForLibraryChangesAsync(async (origin, ct) =>
        {
            if (origin == _self.InstanceId)
            {
                return;
            }

            _logger.LogInformation("Replica {Origin} changed the articles; refreshing", origin);
            if (_watcher is not null)
            {
                await _watcher.RefreshNowAsync(ct);
            }
            else
            {
                _startup.Library.Refresh(null, ct);
            }
        }, stoppingToken);
}
