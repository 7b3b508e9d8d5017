using Microsoft.Extensions.Logging;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Search;

namespace PolicyBot.Hosting;

/// <summary>
/// The telling half of keeping replicas on the same articles (<see cref="LibrarySyncService"/> is the listening half):
/// a change this replica indexed is announced to the others (PostgreSQL NOTIFY). A listener of its own, apart from the
/// listening half, because that half refreshes through the folder watcher, which itself tells every listener.
/// </summary>
public sealed class LibraryChangeAnnouncer : ILibraryChangeListener
{
    private readonly IReplicaCoordination _shared;
    private readonly ReplicaIdentity _self;
    private readonly ILogger<LibraryChangeAnnouncer> _logger;

    public LibraryChangeAnnouncer(IReplicaCoordination shared, ReplicaIdentity self, ILogger<LibraryChangeAnnouncer> logger)
    {
        _shared = shared;
        _self = self;
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
}
