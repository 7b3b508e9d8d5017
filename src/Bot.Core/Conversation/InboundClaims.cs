using PolicyBot.Core.Alerts;

namespace PolicyBot.Core.Conversation;

/// <summary>
/// Claims incoming work (an event, a message, an interaction) once, so retries, redeliveries and duplicates never
/// produce a second answer: in this process's memory first, then, when replicas share a store, across the fleet (a
/// retry may land on any replica). Keys live for <see cref="Window"/>; at most <see cref="Capacity"/> are kept in
/// memory, the oldest dropped first. Every adapter that de-duplicates uses this. Thread-safe.
/// </summary>
public sealed class InboundClaims
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

    public const int DefaultCapacity = 50_000;

    private readonly TimeProvider _time;
    private readonly IReplicaCoordination? _shared;
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset Expires)> _order = new();
    private readonly Lock _gate = new();
    private int _sharedClaimFailures;

    /// <param name="shared">The store replicas share: a key claimed on any replica is claimed for all.</param>
    public InboundClaims(TimeProvider time, IReplicaCoordination? shared = null, TimeSpan? window = null, int capacity = DefaultCapacity)
    {
        ArgumentNullException.ThrowIfNull(time);
        TimeSpan span = window ?? DefaultWindow;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero, nameof(window));
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _time = time;
        _shared = shared;
        Window = span;
        Capacity = capacity;
    }

    /// <summary>How long a claimed key is remembered.</summary>
    public TimeSpan Window { get; }

    /// <summary>The most keys remembered at once in memory.</summary>
    public int Capacity { get; }

    /// <summary>Claims that could not reach the shared store (answered on local memory instead).</summary>
    public int SharedClaimFailures => Volatile.Read(ref _sharedClaimFailures);

    /// <summary>How many keys are remembered now (expired ones are dropped on the next claim).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _expiries.Count;
            }
        }
    }

    /// <summary>
    /// Claims <paramref name="keys"/> together in this process: true only if none was seen within the window. Every key is
    /// remembered either way, so a retry of a duplicate (same message under another key) is a duplicate too.
    /// </summary>
    public bool TryClaimHere(params ReadOnlySpan<string> keys)
    {
        lock (_gate)
        {
            DateTimeOffset now = _time.GetUtcNow();
            Prune(now);

            bool fresh = true;
            foreach (string key in keys)
            {
                if (_expiries.TryGetValue(key, out DateTimeOffset until) && until > now)
                {
                    fresh = false;
                }
            }

            DateTimeOffset expires = now + Window;
            foreach (string key in keys)
            {
                if (!_expiries.TryGetValue(key, out DateTimeOffset until) || until <= now)
                {
                    _expiries[key] = expires;
                    _order.Enqueue((key, expires));
                }
            }

            while (_expiries.Count > Capacity && _order.TryDequeue(out var oldest))
            {
                RemoveIfCurrent(oldest);
            }

            return fresh;
        }
    }

    /// <summary>
    /// Claims <paramref name="keys"/> here and, when replicas share a store, for all of them: true only on the one replica,
    /// and the one delivery, that should answer. When the shared store is unreachable this replica answers (never a lost message).
    /// </summary>
    public async Task<bool> TryClaimAsync(IReadOnlyList<string> keys, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (!TryClaimHere(keys.ToArray()))
        {
            return false;
        }

        if (_shared is null)
        {
            return true;
        }

        bool fresh = true;
        try
        {
            foreach (string key in keys)
            {
                // Every key is claimed even after one was taken, so a later retry of a duplicate is a duplicate too.
                fresh &= await _shared.TryClaimEventAsync(key, _time.GetUtcNow(), Window, ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Interlocked.Increment(ref _sharedClaimFailures);
        }

        return fresh;
    }

    /// <summary>Drops expired keys from the front of the queue (keys are queued in claim order, so in expiry order).</summary>
    private void Prune(DateTimeOffset now)
    {
        while (_order.TryPeek(out var oldest) && oldest.Expires <= now)
        {
            _order.Dequeue();
            RemoveIfCurrent(oldest);
        }
    }

    /// <summary>Forgets a queued key unless it was claimed again since (then a later queue entry owns it).</summary>
    private void RemoveIfCurrent((string Key, DateTimeOffset Expires) entry)
    {
        if (_expiries.TryGetValue(entry.Key, out DateTimeOffset until) && until == entry.Expires)
        {
            _expiries.Remove(entry.Key);
        }
    }
}
