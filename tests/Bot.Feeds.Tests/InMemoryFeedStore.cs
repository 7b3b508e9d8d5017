using System.Collections.Concurrent;
using PolicyBot.Core.Alerts;

namespace PolicyBot.Feeds.Tests;

/// <summary>The feed state role (<see cref="IFeedStateStore"/>) in memory: all the feed poller needs of a store.</summary>
internal sealed class InMemoryFeedStore : IFeedStateStore
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
}
