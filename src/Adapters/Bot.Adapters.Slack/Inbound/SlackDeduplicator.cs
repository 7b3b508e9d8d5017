using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack.Inbound;

/// <summary>
/// Slack's keys for Core's <see cref="InboundClaims"/>, so Slack's retries (<c>X-Slack-Retry-Num</c>), Socket Mode
/// redeliveries and duplicate deliveries (same message under a new <c>event_id</c>, or as both <c>message</c> and
/// <c>app_mention</c>) never produce a second answer. Keys live for <see cref="Window"/> (Slack's last retry comes about
/// 5 minutes after the first delivery); at most <see cref="Capacity"/> keys are kept, the oldest dropped first.
/// </summary>
public sealed class SlackDeduplicator
{
    public static readonly TimeSpan DefaultWindow = InboundClaims.DefaultWindow;

    public const int DefaultCapacity = InboundClaims.DefaultCapacity;

    private readonly InboundClaims _claims;

    /// <param name="shared">The store replicas share: a key claimed on any replica is claimed for all (retries land anywhere).</param>
    public SlackDeduplicator(TimeProvider time, TimeSpan? window = null, int capacity = DefaultCapacity, IReplicaCoordination? shared = null)
        : this(new InboundClaims(time, shared, window, capacity))
    {
    }

    /// <param name="claims">The process's one claim memory (the bot registers it; keys carry the platform, so Slack's never meet Discord's).</param>
    public SlackDeduplicator(InboundClaims claims)
    {
        ArgumentNullException.ThrowIfNull(claims);
        _claims = claims;
    }

    /// <summary>Claims that could not reach the shared store (answered on local memory instead).</summary>
    public int SharedClaimFailures => _claims.SharedClaimFailures;

    /// <summary>How long a claimed key is remembered.</summary>
    public TimeSpan Window => _claims.Window;

    /// <summary>The most keys remembered at once.</summary>
    public int Capacity => _claims.Capacity;

    /// <summary>How many keys are remembered now (expired ones are dropped on the next claim).</summary>
    public int Count => _claims.Count;

    /// <summary>Claims an arbitrary key (e.g. a Socket Mode <c>envelope_id</c>): true the first time within the window, false after.</summary>
    public bool TryClaim(string key)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _claims.TryClaimHere(Key(key));
    }

    /// <summary>Claims an Events API <c>event_id</c>.</summary>
    public bool TryClaimEvent(string eventId)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventId);
        return _claims.TryClaimHere(EventKey(eventId));
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
        return _claims.TryClaimHere(EventKey(eventId), MessageKey(channelId, ts));
    }

    /// <summary>Claims a mapped message (its <c>event_id</c> and its channel + <c>ts</c>).</summary>
    public bool TryClaim(SlackMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return TryClaim(message.EventId, message.ChannelId, message.Ts);
    }

    /// <summary>Claims a message here and, when replicas share a store, for all of them.</summary>
    public Task<bool> TryClaimAsync(SlackMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _claims.TryClaimAsync(new[] { EventKey(message.EventId), MessageKey(message.ChannelId, message.Ts) }, ct);
    }

    /// <summary>Claims an arbitrary key here and across replicas.</summary>
    public Task<bool> TryClaimAsync(string key, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        return _claims.TryClaimAsync(new[] { Key(key) }, ct);
    }

    private static string Key(string key) => "slack:" + key;

    private static string EventKey(string eventId) => "slack:event:" + eventId;

    // Slack ids and ts values contain no spaces, so the separator cannot make two pairs collide.
    private static string MessageKey(string channelId, string ts) => "slack:message:" + channelId + " " + ts;
}
