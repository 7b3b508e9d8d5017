namespace PolicyBot.Core.Alerts;

/// <summary>
/// The persistent state behind alerts: article versions seen, subscriptions, the outbox of alerts to send, paused
/// channels and feed state. The SQLite implementation is the default (<c>Storage:ConnectionString</c>); every method is
/// safe to call from several threads, and each call is its own transaction unless it says otherwise.
/// </summary>
public interface IAlertStore
{
    /// <summary>Adds a subscription; false when the channel already has one with the same topic (case-insensitive, trimmed; null = everything).</summary>
    Task<bool> SubscribeAsync(ChannelRef channel, string? topic, string user, DateTimeOffset at, CancellationToken ct);

    /// <summary>Removes the channel's subscription with this topic, or all of the channel's when <paramref name="topic"/> is null; how many were removed.</summary>
    Task<int> UnsubscribeAsync(ChannelRef channel, string? topic, CancellationToken ct);

    /// <summary>The subscriptions of one channel, or of every channel when <paramref name="channel"/> is null, oldest first.</summary>
    Task<IReadOnlyList<Subscription>> SubscriptionsAsync(ChannelRef? channel, CancellationToken ct);

    /// <summary>True when this article version (id and content hash) has been recorded before.</summary>
    Task<bool> IsRecordedAsync(string articleId, string contentHash, CancellationToken ct);

    /// <summary>True when no article was ever recorded: the first start, whose collection is a baseline, not news.</summary>
    Task<bool> IsEmptyAsync(CancellationToken ct);

    /// <summary>Records article versions without alerts (the collection present at the first start).</summary>
    Task RecordBaselineAsync(IReadOnlyList<ArticleVersion> articles, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// In one transaction: records the article version and writes one outbox row per planned alert (at most one per
    /// channel). False, and nothing written, when this version was recorded before — so a rescan, a restart or a second
    /// replica never plans an alert twice.
    /// </summary>
    Task<bool> RecordArticleAsync(ArticleVersion article, IReadOnlyList<PlannedAlert> alerts, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Claims up to <paramref name="max"/> alerts due at <paramref name="now"/> (Pending with NextAttemptAt ≤ now, channel
    /// not paused), oldest first, moving them to Sending with ClaimedAt = now and Attempts + 1, and returns them.
    /// </summary>
    Task<IReadOnlyList<OutboxAlert>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken ct);

    /// <summary>
    /// Takes over up to <paramref name="max"/> alerts left in Sending since before <paramref name="claimedBefore"/> (their
    /// claimer — this process before a restart, or a replica that died — never recorded an outcome): atomically gives them a
    /// new claim at <paramref name="now"/>, so each goes to exactly one caller, and returns them oldest first.
    /// </summary>
    Task<IReadOnlyList<OutboxAlert>> ReclaimStaleAsync(DateTimeOffset claimedBefore, DateTimeOffset now, int max, CancellationToken ct);

    /// <summary>Alerts left in Sending (a sender stopped between claiming and recording the outcome), oldest first.</summary>
    Task<IReadOnlyList<OutboxAlert>> InDoubtAsync(CancellationToken ct);

    /// <summary>Marks an alert delivered (from any state).</summary>
    Task MarkSentAsync(long id, string? platformMessageId, DateTimeOffset at, CancellationToken ct);

    /// <summary>Puts an alert back to Pending, to be tried again at <paramref name="nextAttemptAt"/>, remembering why.</summary>
    Task MarkRetryAsync(long id, DateTimeOffset nextAttemptAt, string error, CancellationToken ct);

    /// <summary>Gives an alert up for good.</summary>
    Task MarkFailedAsync(long id, string error, CancellationToken ct);

    /// <summary>Alerts waiting (Pending or Sending), for status and metrics.</summary>
    Task<int> OutboxDepthAsync(CancellationToken ct);

    /// <summary>An alert by id (tests, diagnostics).</summary>
    Task<OutboxAlert?> GetAlertAsync(long id, CancellationToken ct);

    /// <summary>Every alert for one channel, oldest first (tests, diagnostics).</summary>
    Task<IReadOnlyList<OutboxAlert>> AlertsForAsync(ChannelRef channel, CancellationToken ct);

    /// <summary>Stops delivery to a channel (the bot lost access) until it is resumed; its pending alerts stay in the outbox.</summary>
    Task PauseChannelAsync(ChannelRef channel, string reason, DateTimeOffset at, CancellationToken ct);

    /// <summary>Delivers to the channel again (someone subscribed anew there).</summary>
    Task ResumeChannelAsync(ChannelRef channel, CancellationToken ct);

    /// <summary>The reason a channel is paused, or null.</summary>
    Task<string?> PausedReasonAsync(ChannelRef channel, CancellationToken ct);

    /// <summary>The feed's remembered state, or null before its first poll.</summary>
    Task<FeedState?> GetFeedStateAsync(string feedUrl, CancellationToken ct);

    Task SaveFeedStateAsync(FeedState state, CancellationToken ct);

    /// <summary>Remembers a feed item by its key (guid, else link); true the first time the key is seen for that feed.</summary>
    Task<bool> MarkFeedItemSeenAsync(string feedUrl, string itemKey, DateTimeOffset at, CancellationToken ct);
}
