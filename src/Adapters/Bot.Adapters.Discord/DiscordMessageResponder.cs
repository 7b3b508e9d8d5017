using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Discord.Api;
using PolicyBot.Adapters.Discord.Gateway;
using PolicyBot.Adapters.Discord.Rendering;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Discord;

/// <summary>
/// Answers mentions and direct messages that arrive over the Gateway: the question through Core (with the
/// conversation's memory, so "more" and follow-ups work), the reply rendered for Discord and posted as a reply to
/// the question message. One error boundary per message: a failure is logged with the channel and message id and
/// answered politely; the connection carries on.
/// </summary>
public sealed class DiscordMessageResponder : IDiscordGatewayHandler
{
    private readonly IChatBot _bot;
    private readonly DiscordRestClient _api;
    private readonly ILogger<DiscordMessageResponder> _logger;
    private readonly InboundClaims _claims;
    private readonly TimeProvider _time;
    private readonly DiscordInFlight? _inFlight;

    /// <param name="inFlight">Lets an answer in progress finish during shutdown rather than be cut off.</param>
    /// <param name="shared">The store replicas share: a message is answered by one replica even when two receive it.</param>
    public DiscordMessageResponder(IChatBot bot, DiscordRestClient api, TimeProvider time, ILogger<DiscordMessageResponder> logger, IReplicaCoordination? shared = null, DiscordInFlight? inFlight = null)
    {
        _inFlight = inFlight;
        _time = time;
        _bot = bot;
        _api = api;
        _logger = logger;
        _claims = new InboundClaims(time, shared);
    }

    /// <summary>
    /// People's messages that mention the bot, and every DM; never a bot's or a webhook's message (the bot's own
    /// replies come back as MESSAGE_CREATE too), and not @everyone alone.
    /// </summary>
    public static bool IsForTheBot(DiscordGatewayMessage message, string botUserId)
    {
        ArgumentNullException.ThrowIfNull(message);
        return !message.AuthorIsBot && message.WebhookId is null && message.AuthorId != botUserId
            && (message.IsDirectMessage || message.MentionedUserIds.Contains(botUserId, StringComparer.Ordinal));
    }

    /// <summary>
    /// The message as the bot's turn. A Gateway message carries no permissions, so in a server only the slash commands
    /// (whose permission Discord checks) change alerts; in a DM with the bot the person manages their own alerts.
    /// </summary>
    public static ChatTurn Turn(DiscordGatewayMessage message, string botUserId)
    {
        ArgumentNullException.ThrowIfNull(message);
        return new ChatTurn("discord", new ChannelRef("discord", message.ChannelId), message.AuthorId, ConversationKey(message), message.Id, new TypedText(QuestionText(message.Content, botUserId)))
        {
            MayManage = message.IsDirectMessage,
        };
    }

    /// <summary>The question without the bot's mention (either form, <c>&lt;@id&gt;</c> or <c>&lt;@!id&gt;</c>).</summary>
    public static string QuestionText(string content, string botUserId)
    {
        ArgumentNullException.ThrowIfNull(content);
        string text = content.Replace($"<@{botUserId}>", " ", StringComparison.Ordinal).Replace($"<@!{botUserId}>", " ", StringComparison.Ordinal);
        return string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>A DM is one conversation; in a server channel, each person's exchange with the bot is one.</summary>
    public static string ConversationKey(DiscordGatewayMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.IsDirectMessage ? $"discord:{message.ChannelId}" : $"discord:{message.ChannelId}:{message.AuthorId}";
    }

    public async Task OnMessageAsync(DiscordGatewayMessage message, string botUserId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!IsForTheBot(message, botUserId) || !await _claims.TryClaimAsync(new[] { "discord:message:" + message.Id }, ct))
        {
            return;
        }

        // Once claimed, the answer is finished even while the bot shuts down (within its grace period).
        var work = _inFlight?.Token ?? ct;
        var reply = await _bot.HandleAsync(Turn(message, botUserId), work);
        var messages = DiscordRenderer.Render(reply);
        for (int i = 0; i < messages.Count; i++)
        {
            // The nonce makes a retried post (an answer lost on the way back) land once.
            string nonce = i == 0 ? message.Id : $"{message.Id}-{i}";
            var result = await _api.CreateMessageAsync(message.ChannelId, messages[i].ToJson(), i == 0 ? message.Id : null, nonce, work);
            if (!result.Ok)
            {
                _logger.LogError("Discord refused the answer to message {MessageId} in {Channel}: {Result}", message.Id, message.ChannelId, result);
                return;
            }
        }
    }
}
