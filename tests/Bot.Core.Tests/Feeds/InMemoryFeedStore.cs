using System.Collections.Concurrent;
using PolicyBot.Core.Alerts;

namespace PolicyBot.Core.Tests.Feeds;

/// <summary>The feed part of <see cref="IAlertStore"/> in memory; the rest is not the feed poller's business.</summary>
internal sealed class InMemoryFeedStore : IAlertStore
{
    private readonly ConcurrentDictionary<string, FeedState> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Feed, string Key), DateTimeOffset> _seen = new();

    public IReadOnlyCollection<(string Feed, string Key)> Seen => _seen.Keys.ToList();

    public Task<FeedState?> GetFeedStateAsync(string feedUrl, CancellationToken ct) =>
        Task.FromResult(_states.TryGetValue(feedUrl, out var state) ? state : null);

    public Task SaveFeedStateAsync(FeedState state, CancellationToken ct)
    {
        _states[state.FeedUrl] = state;
        return Task.CompletedTask;
    }

    public Task<bool> MarkFeedItemSeenAsync(string feedUrl, string itemKey, DateTimeOffset at, CancellationToken ct) =>
        Task.FromResult(_seen.TryAdd((feedUrl, itemKey), at));

    public Task<bool> SubscribeAsync(ChannelRef channel, string? topic, string user, DateTimeOffset at, CancellationToken ct) => throw new NotSupportedException();

    public Task<int> UnsubscribeAsync(ChannelRef channel, string? topic, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<Subscription>> SubscriptionsAsync(ChannelRef? channel, CancellationToken ct) => throw new NotSupportedException();

    public Task<bool> IsRecordedAsync(string articleId, string contentHash, CancellationToken ct) => throw new NotSupportedException();

    public Task<bool> IsEmptyAsync(CancellationToken ct) => throw new NotSupportedException();

    public Task RecordBaselineAsync(IReadOnlyList<ArticleVersion> articles, DateTimeOffset at, CancellationToken ct) => throw new NotSupportedException();

    public Task<bool> RecordArticleAsync(ArticleVersion article, IReadOnlyList<PlannedAlert> alerts, DateTimeOffset at, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<OutboxAlert>> ClaimDueAsync(DateTimeOffset now, int max, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<OutboxAlert>> InDoubtAsync(CancellationToken ct) => throw new NotSupportedException();


    public Task<IReadOnlyList<OutboxAlert>> ReclaimStaleAsync(DateTimeOffset claimedBefore, DateTimeOffset now, int max, CancellationToken ct) => throw new NotSupportedException();

    public Task MarkSentAsync(long id, string? platformMessageId, DateTimeOffset at, CancellationToken ct) => throw new NotSupportedException();

    public Task MarkRetryAsync(long id, DateTimeOffset nextAttemptAt, string error, CancellationToken ct) => throw new NotSupportedException();

    public Task MarkFailedAsync(long id, string error, CancellationToken ct) => throw new NotSupportedException();

    public Task<int> OutboxDepthAsync(CancellationToken ct) => throw new NotSupportedException();

    public Task<OutboxAlert?> GetAlertAsync(long id, CancellationToken ct) => throw new NotSupportedException();

    public Task<IReadOnlyList<OutboxAlert>> AlertsForAsync(ChannelRef channel, CancellationToken ct) => throw new NotSupportedException();

    public Task PauseChannelAsync(ChannelRef channel, string reason, DateTimeOffset at, CancellationToken ct) => throw new NotSupportedException();

    public Task ResumeChannelAsync(ChannelRef channel, CancellationToken ct) => throw new NotSupportedException();

    public Task<string?> PausedReasonAsync(ChannelRef channel, CancellationToken ct) => throw new NotSupportedException();
}
