namespace PolicyBot.Core.Alerts;

/// <summary>Where alerts go: a platform ("shell", "slack", "discord") and its channel id (the shell has one channel, "console").</summary>
public sealed record ChannelRef(string Platform, string ChannelId)
{
    public override string ToString() => $"{Platform}:{ChannelId}";
}

/// <summary>A channel's wish to hear about new articles: all of them (no topic) or those that match the topic words.</summary>
public sealed record Subscription(long Id, ChannelRef Channel, string? Topic, string CreatedBy, DateTimeOffset CreatedAt);

/// <summary>An article version as alerts know it: its id, a hash of its text (a change of text is a new version), its title.</summary>
public sealed record ArticleVersion(string ArticleId, string ContentHash, string Title);

/// <summary>
/// One alert to send, decided when the article is recorded: the channel, the subscription's topic, and for topic
/// subscriptions the sentence that matched (shown in the alert).
/// </summary>
public sealed record PlannedAlert(ChannelRef Channel, string? Topic, string? MatchedSentence, int? MatchedParagraph);

/// <summary>Where an outbox row is in its life.</summary>
public enum AlertState
{
    /// <summary>Waiting to be sent (or to be retried at <see cref="OutboxAlert.NextAttemptAt"/>).</summary>
    Pending,

    /// <summary>Claimed by a sender that may have posted it and not yet recorded so: after a crash it is "in doubt".</summary>
    Sending,

    /// <summary>Delivered; never sent again.</summary>
    Sent,

    /// <summary>Given up (the channel is gone, or the message was refused for good).</summary>
    Failed,
}

/// <summary>One row of the outbox: one alert for one article version in one channel.</summary>
public sealed record OutboxAlert(
    long Id,
    string ArticleId,
    string ContentHash,
    ChannelRef Channel,
    string? Topic,
    string? MatchedSentence,
    int? MatchedParagraph,
    AlertState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset NextAttemptAt,
    DateTimeOffset? ClaimedAt,
    string? LastError)
{
    /// <summary>A key that names this alert on the platform (Discord nonce, Slack metadata), stable across retries and restarts.</summary>
    public string Key => $"pb-alert-{Id}";
}

/// <summary>What a feed poller remembers between polls: the validators for conditional requests and its health.</summary>
public sealed record FeedState(string FeedUrl, string? ETag, string? LastModified, DateTimeOffset? LastPolledAt, int ConsecutiveFailures, string? LastError);
