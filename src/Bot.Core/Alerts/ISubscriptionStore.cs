namespace PolicyBot.Core.Alerts;

/// <summary>Subscriptions and paused channels: who gets alerts, and which channels the bot can no longer post in. Every method is safe to call from several threads, and each call is its own transaction unless it says otherwise.</summary>
public interface ISubscriptionStore
{
    /// <summary>Adds a subscription; false when the channel already has one with the same topic (case-insensitive, trimmed; null = everything).</summary>
    Task<bool> SubscribeAsync(ChannelRef channel, string? topic, string user, DateTimeOffset at, CancellationToken ct);

    /// <summary>Removes the channel's subscription with this topic, or all of the channel's when <paramref name="topic"/> is null; how many were removed.</summary>
    Task<int> UnsubscribeAsync(ChannelRef channel, string? topic, CancellationToken ct);

    /// <summary>The subscriptions of one channel, or of every channel when <paramref name="channel"/> is null, oldest first.</summary>
    Task<IReadOnlyList<Subscription>> SubscriptionsAsync(ChannelRef? channel, CancellationToken ct);

    /// <summary>Stops delivery to a channel (the bot lost access) until it is resumed; its pending alerts stay in the outbox.</summary>
    Task PauseChannelAsync(ChannelRef channel, string reason, DateTimeOffset at, CancellationToken ct);

    /// <summary>Delivers to the channel again (someone subscribed anew there).</summary>
    Task ResumeChannelAsync(ChannelRef channel, CancellationToken ct);

    /// <summary>The reason a channel is paused, or null.</summary>
    Task<string?> PausedReasonAsync(ChannelRef channel, CancellationToken ct);
}
