using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Search;

namespace PolicyBot.Hosting;

/// <summary>
/// Keeps replicas that share an article folder and a store on the same articles: a change this replica indexed is
/// announced (PostgreSQL NOTIFY), and an announcement from another replica makes this one refresh at once. The folder
/// watcher's periodic rescan stays the safety net, so a missed notification delays an article, never loses it.
/// </summary>
public sealed class LibrarySyncService : BackgroundService, ILibraryChangeListener
{
    private readonly IReplicaCoordination _shared;
    private readonly ReplicaIdentity _self;
    private readonly IServiceProvider _services;
    private readonly ILogger<LibrarySyncService> _logger;

    public LibrarySyncService(IReplicaCoordination shared, ReplicaIdentity self, IServiceProvider services, ILogger<LibrarySyncService> logger)
    {
        _shared = shared;
        _self = self;
        _services = services;
        _logger = logger;
    }

    public async Task OnLibraryChangedAsync(LibraryChanges changes, CancellationToken ct)
    {
        try
        {
            await _shared.NotifyLibraryChangedAsync(_self.InstanceId, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "Telling the other replicas about new articles failed; their rescan will find them");
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        _shared.ListenForLibraryChangesAsync(async (origin, ct) =>
        {
            if (origin == _self.InstanceId)
            {
                return;
            }

            _logger.LogInformation("Replica {Origin} changed the articles; refreshing", origin);
            if (_services.GetService<ArticleFolderWatcher>() is { } watcher)
            {
                await watcher.RefreshNowAsync(ct);
            }
            else
            {
                _services.GetRequiredService<ArticleLibrary>().Refresh(null, ct);
            }
        }, stoppingToken);
}
