using PolicyBot.Core.Conversation;

namespace PolicyBot.Core.Alerts;

/// <summary>What happened to one attempt to post an alert.</summary>
public abstract record AlertDelivery
{
    /// <summary>Posted (the platform's message id when it gives one).</summary>
    public sealed record Sent(string? MessageId) : AlertDelivery;

    /// <summary>Not posted this time (rate limit, 5xx, timeout): try again, not before <paramref name="After"/> when the platform said.</summary>
    public sealed record Retry(string Error, TimeSpan? After = null) : AlertDelivery;

    /// <summary>The bot cannot post in this channel any more (removed, archived, not a member): pause it, keep the alerts.</summary>
    public sealed record ChannelGone(string Reason) : AlertDelivery;

    /// <summary>The platform refused this message for good (malformed, too large): give the alert up.</summary>
    public sealed record Rejected(string Error) : AlertDelivery;
}

/// <summary>Posts alerts on one platform. Implementations live in the adapters (shell, Slack, Discord).</summary>
public interface IAlertSender
{
    /// <summary>The platform name used in <see cref="ChannelRef.Platform"/>.</summary>
    string Platform { get; }

    /// <summary>
    /// Posts <paramref name="reply"/> in <paramref name="channel"/>. <paramref name="key"/> names the alert stably across
    /// retries and restarts: senders pass it to the platform's idempotency aid where one exists (Discord's nonce).
    /// </summary>
    Task<AlertDelivery> SendAsync(ChannelRef channel, Reply reply, string key, CancellationToken ct);

    /// <summary>
    /// After a crash between posting and recording it: true when the platform shows the alert named <paramref name="key"/>
    /// was posted in <paramref name="channel"/> at or after <paramref name="since"/>, false when it surely was not, null
    /// when the platform cannot tell (the alert is then sent again, with the same key).
    /// </summary>
    Task<bool?> WasDeliveredAsync(ChannelRef channel, string key, DateTimeOffset since, CancellationToken ct);
}
