namespace PolicyBot.Core.Alerts;

/// <summary>
/// What several PolicyBot replicas sharing one store agree on: each incoming event is handled once (claimed by a unique
/// key), a periodic job such as polling a feed runs on one replica at a time (a lease), and a change to the article
/// collection made on one replica is announced to the others (PostgreSQL LISTEN/NOTIFY; a single SQLite process has
/// no one to tell). Implemented by PolicyBot.Storage's store, on SQLite and on PostgreSQL.
/// </summary>
public interface IReplicaCoordination
{
    /// <summary>
    /// Claims <paramref name="key"/> (e.g. <c>slack:event:Ev123</c>, <c>discord:interaction:123</c>): true for the first
    /// caller, on any replica; false for every later one. Claims older than <paramref name="keep"/> may be forgotten.
    /// </summary>
    Task<bool> TryClaimEventAsync(string key, DateTimeOffset at, TimeSpan keep, CancellationToken ct);

    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="owner"/> until <paramref name="now"/> +
    /// <paramref name="duration"/>: true when it is free, expired, or already this owner's; false while another owner holds it.
    /// </summary>
    Task<bool> TryLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken ct);

    /// <summary>Tells the other replicas that the article collection changed (they refresh their index).</summary>
    Task NotifyLibraryChangedAsync(string origin, CancellationToken ct);

    /// <summary>
    /// Calls <paramref name="onChange"/> with the origin each time another replica announces a change, until
    /// <paramref name="ct"/> is cancelled. Returns at once when the store cannot notify (SQLite); callers keep a periodic
    /// rescan either way, so a missed notification is never a lost article.
    /// </summary>
    Task ListenForLibraryChangesAsync(Func<string, CancellationToken, Task> onChange, CancellationToken ct);
}
