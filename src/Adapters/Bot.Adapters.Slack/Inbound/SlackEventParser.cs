using System.Text.Json;

namespace PolicyBot.Adapters.Slack.Inbound;

/// <summary>
/// Maps an Events API body (the HTTP request body, or the <c>payload</c> of a Socket Mode <c>events_api</c>
/// envelope) to a <see cref="SlackInbound"/>. Pure and total: any input gives a value, never an exception.
/// </summary>
/// <remarks>
/// Rules (protocols.md §5.2): never answer the bot itself (<c>user</c> = own user id) or any bot (<c>bot_id</c>,
/// subtype <c>bot_message</c>); skip message subtypes that are not a person writing; skip <c>app_mention</c> in a
/// direct message, which <c>message.im</c> already delivers. A channel mention delivered both as <c>message</c> and as
/// <c>app_mention</c> maps to two equal messages (same channel and <c>ts</c>) for <see cref="SlackDeduplicator"/> to
/// collapse.
/// </remarks>
public static class SlackEventParser
{
    /// <summary>Subtypes that are still a person writing to the channel, and so may be a question.</summary>
    private static readonly HashSet<string> PersonSubtypes = new(StringComparer.Ordinal)
    {
        "thread_broadcast", // a thread reply also sent to the channel
        "file_share",       // a message with an attached file; the text is the person's words
    };

    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>Maps a raw Events API body.</summary>
    /// <param name="body">The request body bytes (UTF-8 JSON).</param>
    /// <param name="botUserId">The bot's user id from <c>auth.test</c>; when null, the envelope's bot authorization is used.</param>
    public static SlackInbound Parse(ReadOnlyMemory<byte> body, string? botUserId)
    {
        if (body.Span.StartsWith(Utf8Bom))
        {
            body = body[Utf8Bom.Length..];
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return FromEnvelope(document.RootElement, botUserId);
        }
        catch (JsonException ex)
        {
            return new SlackMalformed("The body is not JSON: " + ex.Message);
        }
    }

    /// <summary>Maps an Events API body given as text.</summary>
    public static SlackInbound Parse(string? body, string? botUserId)
    {
        try
        {
            using var document = JsonDocument.Parse(body ?? "");
            return FromEnvelope(document.RootElement, botUserId);
        }
        catch (JsonException ex)
        {
            return new SlackMalformed("The body is not JSON: " + ex.Message);
        }
    }

    /// <summary>Maps an already parsed envelope (for Socket Mode, the envelope's <c>payload</c>).</summary>
    public static SlackInbound FromEnvelope(JsonElement envelope, string? botUserId)
    {
        try
        {
            return Map(envelope, botUserId);
        }
        catch (InvalidOperationException ex)
        {
            // A string that is not valid UTF-16 once unescaped (a lone surrogate such as "\ud800").
            return new SlackMalformed("The body has an unreadable string: " + ex.Message);
        }
    }

    private static SlackInbound Map(JsonElement envelope, string? botUserId)
    {
        if (envelope.ValueKind != JsonValueKind.Object)
        {
            return new SlackMalformed($"The body is a JSON {envelope.ValueKind}, not an object.");
        }

        string? type = String(envelope, "type");
        switch (type)
        {
            case null:
                return new SlackMalformed("The envelope has no string 'type'.");
            case "url_verification":
                string? challenge = String(envelope, "challenge");
                return string.IsNullOrEmpty(challenge)
                    ? new SlackMalformed("url_verification without a 'challenge'.")
                    : new SlackUrlVerification(challenge);
            case "app_rate_limited":
                return new SlackIgnored(
                    SlackIgnoreReason.AppRateLimited,
                    $"Slack is not sending events for team {String(envelope, "team_id") ?? "?"} during minute {Raw(envelope, "minute_rate_limited") ?? "?"}.");
            case "event_callback":
                return FromEventCallback(envelope, botUserId);
            default:
                return new SlackIgnored(SlackIgnoreReason.UnsupportedEnvelope, $"Envelope type '{type}'.");
        }
    }

    private static SlackInbound FromEventCallback(JsonElement envelope, string? botUserId)
    {
        string? eventId = String(envelope, "event_id");
        if (string.IsNullOrEmpty(eventId))
        {
            return new SlackMalformed("event_callback without an 'event_id'.");
        }

        if (!envelope.TryGetProperty("event", out JsonElement ev) || ev.ValueKind != JsonValueKind.Object)
        {
            return new SlackMalformed($"event_callback {eventId} without an 'event' object.");
        }

        string? eventType = String(ev, "type");
        if (string.IsNullOrEmpty(eventType))
        {
            return new SlackMalformed($"Event {eventId} has no 'type'.");
        }

        if (eventType is not ("message" or "app_mention"))
        {
            return new SlackIgnored(SlackIgnoreReason.UnsupportedEvent, $"Event {eventId} is '{eventType}'.");
        }

        botUserId ??= BotUserFromAuthorizations(envelope);
        string? user = String(ev, "user");
        string? subtype = String(ev, "subtype");
        string? botId = String(ev, "bot_id");

        if (user is not null && botUserId is not null && string.Equals(user, botUserId, StringComparison.Ordinal))
        {
            return new SlackIgnored(SlackIgnoreReason.OwnMessage, $"Event {eventId} is the bot's own message.");
        }

        if (!string.IsNullOrEmpty(botId) || subtype == "bot_message")
        {
            return new SlackIgnored(SlackIgnoreReason.BotMessage, $"Event {eventId} comes from bot {botId ?? "?"}.");
        }

        if (subtype is not null && !PersonSubtypes.Contains(subtype))
        {
            return new SlackIgnored(SlackIgnoreReason.MessageSubtype, $"Event {eventId} is a '{subtype}' message.");
        }

        string? channel = String(ev, "channel");
        string? ts = String(ev, "ts");
        string? teamId = String(envelope, "team_id") ?? String(ev, "team");
        if (string.IsNullOrEmpty(channel) || string.IsNullOrEmpty(ts) || string.IsNullOrEmpty(user) || string.IsNullOrEmpty(teamId))
        {
            return new SlackMalformed($"Event {eventId} ({eventType}) lacks one of channel, ts, user, team_id.");
        }

        string channelType = String(ev, "channel_type") ?? ChannelTypeFromId(channel);
        bool isDirect = channelType is "im" or "app_home";
        bool isAppMention = eventType == "app_mention";
        if (isAppMention && isDirect)
        {
            return new SlackIgnored(SlackIgnoreReason.DuplicateMention, $"Event {eventId} is an app_mention in direct message {channel}.");
        }

        string rawText = String(ev, "text") ?? "";
        string? threadTs = String(ev, "thread_ts");
        return new SlackMessage(
            EventId: eventId,
            TeamId: teamId,
            ChannelId: channel,
            ChannelType: channelType,
            UserId: user,
            Text: SlackInboundText.ToPlainText(rawText, botUserId),
            Ts: ts,
            ThreadTs: string.IsNullOrEmpty(threadTs) ? null : threadTs,
            IsMention: isAppMention || SlackInboundText.Mentions(rawText, botUserId),
            IsDirectMessage: isDirect);
    }

    /// <summary>
    /// <c>app_mention</c> carries no <c>channel_type</c>; the id prefix tells: <c>D</c> direct message, <c>C</c> channel,
    /// <c>G</c> private channel or group DM (Slack's older <c>group</c>).
    /// </summary>
    private static string ChannelTypeFromId(string channel) => channel[0] switch
    {
        'D' => "im",
        'C' => "channel",
        'G' => "group",
        _ => "unknown",
    };

    /// <summary>The bot user among the envelope's <c>authorizations</c> (the installation the event is delivered for).</summary>
    private static string? BotUserFromAuthorizations(JsonElement envelope)
    {
        if (!envelope.TryGetProperty("authorizations", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (JsonElement authorization in list.EnumerateArray())
        {
            if (authorization.ValueKind == JsonValueKind.Object
                && authorization.TryGetProperty("is_bot", out JsonElement isBot) && isBot.ValueKind == JsonValueKind.True)
            {
                string? userId = String(authorization, "user_id");
                if (!string.IsNullOrEmpty(userId))
                {
                    return userId;
                }
            }
        }

        return null;
    }

    /// <summary>A string property, or null when absent or of another JSON type.</summary>
    private static string? String(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Any scalar property as its JSON text (for log details), or null.</summary>
    private static string? Raw(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out JsonElement value) && value.ValueKind is JsonValueKind.Number or JsonValueKind.String ? value.ToString() : null;
}
