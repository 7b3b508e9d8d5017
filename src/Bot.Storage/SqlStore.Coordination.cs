using PolicyBot.Core.Alerts;

namespace PolicyBot.Storage;

/// <summary><see cref="IReplicaCoordination"/>: event claims, leases and library change notifications.</summary>
public sealed partial class SqlStore
{
    /// <summary>Forgets old event claims now and then (the first call of each process too, so a table left by
    /// stopped processes is trimmed as soon as one starts again).</summary>
    private readonly Occasionally _forgetClaims = new();

    public async Task<bool> TryClaimEventAsync(string key, DateTimeOffset at, TimeSpan keep, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, TimeSpan.Zero);
        await using var session = await WriteAsync(severalStatements: false, ct);
        if (_forgetClaims.IsDue())
        {
            await session.ExecuteAsync("DELETE FROM event_claims WHERE claimed_at < @cutoff;", ct, _dialect.Time("@cutoff", at - keep));
        }

        int added = await session.ExecuteAsync(
            "INSERT INTO event_claims (key, claimed_at) VALUES (@key, @at) ON CONFLICT (key) DO NOTHING;", ct,
            _dialect.Text("@key", key), _dialect.Time("@at", at));
        await session.CommitAsync(ct);
        return added == 1;
    }

    public async Task<bool> TryLeaseAsync(string name, string owner, DateTimeOffset now, TimeSpan duration, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        await using var session = await WriteAsync(severalStatements: false, ct);
        // The conflict branch updates only an expired lease or the owner's own; otherwise no row changes, which is
        // the refusal. Two owners racing for a free lease serialise on its key (or SQLite's write lock).
        int changed = await session.ExecuteAsync("""
            INSERT INTO leases (name, owner, until) VALUES (@name, @owner, @until)
            ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
            WHERE leases.until < @now OR leases.owner = @owner;
            """, ct,
            _dialect.Text("@name", name), _dialect.Text("@owner", owner), _dialect.Time("@until", now + duration), _dialect.Time("@now", now));
        await session.CommitAsync(ct);
        return changed == 1;
    }

    /// <summary>PostgreSQL: NOTIFY. SQLite: nothing (the processes sharing a file rescan instead).</summary>
    public Task NotifyLibraryChangedAsync(string origin, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _dialect.NotifyLibraryChangedAsync(origin, ct);
    }

    /// <summary>
    /// PostgreSQL: listens on a connection of its own, reconnecting after drops, until <paramref name="ct"/> is cancelled
    /// or the store disposed. SQLite: returns at once, as nothing will ever arrive.
    /// </summary>
    public Task ListenForLibraryChangesAsync(Func<string, CancellationToken, Task> onChange, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _dialect.ListenForLibraryChangesAsync(onChange, ct);
    }
}
