using System.Globalization;
using System.Text;
using PolicyBot.Core.Articles;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Core.Alerts;

/// <summary>
/// The commands that concern a channel: /subscribe, /unsubscribe, /subscriptions and /add, the same on every platform.
/// Who may change a channel's subscriptions or add articles is the platform's rule (Discord: Manage Channels; Slack:
/// <c>Slack:AdminUsers</c>, everyone when empty; the shell: its user); the adapter decides and passes
/// <c>mayManage</c>, and everyone may read the list.
/// </summary>
public sealed class AlertCommands
{
    public const string Refusal = "Only people who manage this channel can change its alerts or add articles.";
    private readonly ISubscriptionStore _store;
    private readonly IArticleAdder? _adder;
    private readonly TimeProvider _time;

    public AlertCommands(ISubscriptionStore store, TimeProvider time, IArticleAdder? adder = null)
    {
        _store = store;
        _time = time;
        _adder = adder;
    }

    public async Task<Reply> HandleAsync(ChannelCommand command, ChannelRef channel, string user, bool mayManage, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(channel);
        if (command is not SubscriptionsCommand && !mayManage)
        {
            return new UsageReply(Refusal);
        }

        switch (command)
        {
            case SubscribeCommand subscribe:
                string? topic = Normalise(subscribe.Topic);
                bool added = await _store.SubscribeAsync(channel, topic, user, _time.GetUtcNow(), ct);
                bool wasPaused = await _store.PausedReasonAsync(channel, ct) is not null;
                if (wasPaused)
                {
                    await _store.ResumeChannelAsync(channel, ct);
                }

                string what = topic is null ? "every new article" : $"new articles about \"{topic}\"";
                string message = added ? $"This channel will get an alert for {what}." : $"This channel already gets alerts for {what}.";
                return Confirm(wasPaused ? message + " Alerts that were waiting while I could not post here will follow." : message);
            case UnsubscribeCommand unsubscribe:
                string? removeTopic = Normalise(unsubscribe.Topic);
                int removed = await _store.UnsubscribeAsync(channel, removeTopic, ct);
                return removed switch
                {
                    0 when removeTopic is null => Confirm("This channel has no alert subscriptions."),
                    0 => Confirm($"This channel has no subscription to \"{removeTopic}\". Type /subscriptions to see them."),
                    _ when removeTopic is null => Confirm(removed == 1 ? "Removed this channel's alert subscription." : $"Removed all {removed} of this channel's alert subscriptions."),
                    _ => Confirm($"Removed the subscription to \"{removeTopic}\"."),
                };
            case SubscriptionsCommand:
                return Confirm(await DescribeAsync(channel, ct));
            case AddCommand when _adder is null:
                return new UsageReply(BotText.AddingUnavailable);
            case AddCommand add:
                var result = await _adder.AddAsync(add.Source.Trim(), allowLocalFiles: channel.Platform == "shell", ct);
                return result.Added ? Confirm(result.Message) : new UsageReply(result.Message);
            default:
                return new UsageReply(BotText.NotSupportedHere);
        }
    }

    private async Task<string> DescribeAsync(ChannelRef channel, CancellationToken ct)
    {
        var subscriptions = await _store.SubscriptionsAsync(channel, ct);
        if (subscriptions.Count == 0)
        {
            return "This channel has no alert subscriptions. Type /subscribe for every new article, or /subscribe <topic> for some.";
        }

        var sb = new StringBuilder("This channel gets alerts for:");
        foreach (var subscription in subscriptions)
        {
            string what = subscription.Topic is null ? "every new article" : $"\"{subscription.Topic}\"";
            sb.Append("\n• ").Append(what).Append(" (since ").Append(subscription.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append(')');
        }

        if (await _store.PausedReasonAsync(channel, ct) is { } reason)
        {
            sb.Append("\nAlerts here are paused: ").Append(reason).Append(". Subscribing again resumes them.");
        }

        return sb.ToString();
    }

    private static ConfirmationReply Confirm(string message) => new(message);

    /// <summary>Topic words as stored: trimmed, inner white space collapsed; empty means every article.</summary>
    private static string? Normalise(string? topic)
    {
        string text = string.Join(' ', (topic ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length == 0 ? null : text;
    }
}
