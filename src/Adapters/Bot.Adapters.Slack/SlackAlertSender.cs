using System.Text.Json.Nodes;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.Adapters.Slack.Rendering;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack;

/// <summary>
/// Posts alerts in Slack channels. Slack has no idempotency key for chat.postMessage, so every alert carries message
/// metadata naming it; after a crash the channel's recent history tells whether an alert in doubt was posted.
/// </summary>
public sealed class SlackAlertSender : IAlertSender
{
    public const string MetadataEventType = "policybot_alert";

    /// <summary>Errors that mean the bot cannot post in the channel any more: pause it rather than retry forever.</summary>
    private static readonly HashSet<string> ChannelGoneErrors = new(StringComparer.Ordinal)
    {
        "not_in_channel", "channel_not_found", "is_archived", "access_denied", "restricted_action", "team_access_not_granted", "ekm_access_denied", "restricted_action_read_only_channel",
    };

    /// <summary>Errors after which the same message will never be accepted.</summary>
    private static readonly HashSet<string> RejectedErrors = new(StringComparer.Ordinal)
    {
        "invalid_blocks", "invalid_blocks_format", "msg_too_long", "msg_blocks_too_long", "no_text", "too_many_attachments", "invalid_arguments", "invalid_arg_name", "invalid_metadata_format", "invalid_metadata_schema", "metadata_too_large",
    };

    private readonly SlackApiClient _api;

    public SlackAlertSender(SlackApiClient api)
    {
        _api = api;
    }

    public string Platform => "slack";

    public async Task<AlertDelivery> SendAsync(ChannelRef channel, Reply reply, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var rendered = BlockKitRenderer.Render(reply);
        var metadata = new JsonObject { ["event_type"] = MetadataEventType, ["event_payload"] = new JsonObject { ["key"] = key } };
        var result = await _api.PostMessageAsync(channel.ChannelId, rendered.Text, rendered.Blocks, null, ct, metadata, retryWhenUnsure: false);
        return Classify(result);
    }

    /// <summary>The outcome an alert post had, from Slack's answer.</summary>
    public static AlertDelivery Classify(SlackApiResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Ok)
        {
            return new AlertDelivery.Sent(result.Ts);
        }

        string error = result.Error ?? "unknown_error";
        if (ChannelGoneErrors.Contains(error))
        {
            return new AlertDelivery.ChannelGone($"Slack says {error}");
        }

        return RejectedErrors.Contains(error) ? new AlertDelivery.Rejected($"Slack says {error}") : new AlertDelivery.Retry($"Slack says {error}");
    }

    public async Task<bool?> WasDeliveredAsync(ChannelRef channel, string key, DateTimeOffset since, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var result = await _api.CallAsync("conversations.history", new JsonObject { ["channel"] = channel.ChannelId, ["limit"] = 200, ["include_all_metadata"] = true }, ct);
        if (!result.Ok || result.Body?["messages"] is not JsonArray messages)
        {
            return null;
        }

        return messages.OfType<JsonObject>().Any(m =>
            m["metadata"]?["event_type"]?.GetValue<string>() == MetadataEventType && m["metadata"]?["event_payload"]?["key"]?.GetValue<string>() == key);
    }
}
