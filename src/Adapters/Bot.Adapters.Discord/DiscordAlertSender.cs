using System.Net;
using PolicyBot.Adapters.Discord.Api;
using PolicyBot.Adapters.Discord.Rendering;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Discord;

/// <summary>
/// Posts alerts in Discord channels with the alert's key as the message nonce and <c>enforce_nonce</c>: a post repeated
/// after a crash returns the original message instead of a second one.
/// </summary>
public sealed class DiscordAlertSender : IAlertSender
{
    private readonly DiscordRestClient _api;

    public DiscordAlertSender(DiscordRestClient api)
    {
        _api = api;
    }

    public string Platform => "discord";

    public async Task<AlertDelivery> SendAsync(ChannelRef channel, Reply reply, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(channel);
        string? firstId = null;
        var messages = DiscordRenderer.Render(reply);
        for (int i = 0; i < messages.Count; i++)
        {
            // Discord nonces hold at most 25 characters; the key is "pb-alert-<id>".
            string nonce = i == 0 ? key : $"{key}-{i}";
            var result = await _api.CreateMessageAsync(channel.ChannelId, messages[i].ToJson(), null, nonce, ct);
            var outcome = Classify(result);
            if (outcome is not AlertDelivery.Sent)
            {
                return outcome;
            }

            firstId ??= result.MessageId;
        }

        return new AlertDelivery.Sent(firstId);
    }

    /// <summary>The outcome an alert post had, from Discord's answer (after the client's own retries).</summary>
    public static AlertDelivery Classify(DiscordApiResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Ok)
        {
            return new AlertDelivery.Sent(result.MessageId);
        }

        // 10003 unknown channel, 50001 missing access, 50013 missing permissions: the bot was removed or muted there.
        if (result.Code is 10003 or 50001 or 50013 || result.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            return new AlertDelivery.ChannelGone($"Discord says {result}");
        }

        if (result.Status == 0 || (int)result.Status >= 500 || result.Status == HttpStatusCode.TooManyRequests || result.Status == HttpStatusCode.Unauthorized)
        {
            return new AlertDelivery.Retry($"Discord says {result}");
        }

        return new AlertDelivery.Rejected($"Discord says {result}");
    }

    /// <summary>Discord cannot be asked for a message by nonce; the same nonce on the repeated post keeps it single.</summary>
    public Task<bool?> WasDeliveredAsync(ChannelRef channel, string key, DateTimeOffset since, CancellationToken ct) => Task.FromResult<bool?>(null);
}
