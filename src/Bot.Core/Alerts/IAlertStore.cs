namespace PolicyBot.Core.Alerts;

/// <summary>
/// The persistent state behind alerts, by role (<see cref="ISubscriptionStore"/>, <see cref="IArticleVersionStore"/>,
/// <see cref="IOutboxStore"/>, <see cref="IFeedStateStore"/>). The SQLite implementation is the default
/// (<c>Storage:ConnectionString</c>). Consumers depend on the role they need; this aggregate is what one store implements.
/// </summary>
public interface IAlertStore : ISubscriptionStore, IArticleVersionStore, IOutboxStore, IFeedStateStore
{
}
