using PolicyBot.Core.Alerts;

namespace PolicyBot.Adapters.Slack.Inbound;

/// <summary>
/// Remembers what has already been claimed for answering, so Slack's retries (<c>X-Slack-Retry-Num</c>), Socket Mode
/// redeliveries and duplicate deliveries (same message under a new <c>event_id</c>, or as both <c>message</c> and
/// <c>app_mention</c>) never produce a second answer. Keys live for <see cref="Window"/> (Slack's last retry comes
/// about 5 minutes after the first delivery); at most <see cref="Capacity"/> keys are kept, the oldest dropped first.
/// Thread-safe.
/// </summary>
public sealed class SlackDeduplicator
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromHours(1);

    public const int DefaultCapacity = 50_000;

    private readonly TimeProvider _time;
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly Queue<(string Key, DateTimeOffset Expires)> _order = new();
    private readonly Lock _gate = new();
    private readonly IReplicaCoordination? _shared;

    /// <param name="shared">The store replicas share: a key claimed on any replica is claimed for all (retries land anywhere).</param>
    public SlackDeduplicator(TimeProvider time, TimeSpan? window = null, int capacity = DefaultCapacity, IReplicaCoordination? shared = null)
    {
        _shared = shared;
        ArgumentNullException.ThrowIfNull(time);
        TimeSpan span = window ?? DefaultWindow;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(span, TimeSpan.Zero, nameof(window));
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 2);
        _time = time;
        Window = span;
        Capacity = capacity;
    }

    /// <summary>Claims that could not reach the shared store (answered on local memory instead).</summary>
    public int SharedClaimFailures { get; private set; }

    /// <summary>How long a claimed key is remembered.</summary>
    public TimeSpan Window { get; }

    /// <summary>The most keys remembered at once.</summary>
    public int Capacity { get; }

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

    /// <summary>Claims an arbitrary key (e.g. a Socket Mode <c>envelope_id</c>): true the first time within the window, false after.</summary>
    public bool TryClaim(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return TryClaimAll(key);
    }

    /// <summary>Claims an Events API <c>event_id</c>.</summary>
    public bool TryClaimEvent(string eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        return TryClaimAll(EventKey(eventId));
    }

    /// <summary>
    /// Claims a message by its <c>event_id</c> and by channel + <c>ts</c> together: true only if neither was seen.
    /// Both keys are remembered either way, so a retry of a duplicate is a duplicate too.
    /// </summary>
    public bool TryClaim(string eventId, string channelId, string ts)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        ArgumentException.ThrowIfNullOrEmpty(channelId);
        ArgumentException.ThrowIfNullOrEmpty(ts);
        return TryClaimAll(EventKey(eventId), MessageKey(channelId, ts));
    }

    /// <summary>Claims a mapped message (its <c>event_id</c> and its channel + <c>ts</c>).</summary>
    public bool TryClaim(SlackMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TryClaim(message.EventId, message.ChannelId, message.Ts);
    }

    /// <summary>
    /// Claims a message here and, when replicas share a store, for all of them: true only on the one replica, and the
    /// one delivery, that should answer it.
    /// </summary>
    public async Task<bool> TryClaimAsync(SlackMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!TryClaim(message))
        {
            return false;
        }

        return _shared is null || await ClaimSharedAsync(new[] { EventKey(message.EventId), MessageKey(message.ChannelId, message.Ts) }, ct);
    }

    /// <summary>Claims an arbitrary key here and across replicas.</summary>
    public async Task<bool> TryClaimAsync(string key, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return TryClaim(key) && (_shared is null || await ClaimSharedAsync(new[] { key }, ct));
    }

    private async Task<bool> ClaimSharedAsync(string[] keys, CancellationToken ct)
    {
        bool fresh = true;
        try
        {
            foreach (string key in keys)
            {
                // Every key is claimed even after one was taken, so a later retry of a duplicate is a duplicate too.
                fresh &= await _shared!.TryClaimEventAsync("slack:" + key, _time.GetUtcNow(), Window, ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The shared store is unreachable: answer on this replica's own memory rather than drop the message.
            SharedClaimFailures++;
            return fresh;
        }

        return fresh;
    }

    private static string EventKey(string eventId) => "event:" + eventId;

    // Slack ids and ts values contain no spaces, so the separator cannot make two pairs collide.
    private static string MessageKey(string channelId, string ts) => "message:" + channelId + " " + ts;

    private bool TryClaimAll(params ReadOnlySpan<string> keys)
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
