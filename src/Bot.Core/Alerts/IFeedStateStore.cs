namespace PolicyBot.Core.Alerts;

/// <summary>What the feed poller remembers between polls: validators and the items already imported. Every method is safe to call from several threads, and each call is its own transaction unless it says otherwise.</summary>
public interface IFeedStateStore
{
    /// <summary>The feed's remembered state, or null before its first poll.</summary>
    Task<FeedState?> GetFeedStateAsync(string feedUrl, CancellationToken ct);

    Task SaveFeedStateAsync(FeedState state, CancellationToken ct);

    /// <summary>Remembers a feed item by its key (guid, else link); true the first time the key is seen for that feed.</summary>
    Task<bool> MarkFeedItemSeenAsync(string feedUrl, string itemKey, DateTimeOffset at, CancellationToken ct);
}
