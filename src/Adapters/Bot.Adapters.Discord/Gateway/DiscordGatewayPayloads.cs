using System.Text.Json;

namespace PolicyBot.Adapters.Discord.Gateway;

/// <summary>Pure mapping of Gateway dispatch payloads to the adapter's records; tested on recorded-style JSON.</summary>
public static class DiscordGatewayPayloads
{
    /// <summary>
    /// Reads the <c>d</c> of a MESSAGE_CREATE dispatch. Returns null when a field the bot relies on
    /// (id, channel_id, author.id) is missing or has the wrong type, so one odd event is skipped
    /// instead of faulting the connection.
    /// </summary>
    public static DiscordGatewayMessage? ParseMessageCreate(JsonElement d)
    {
        if (d.ValueKind != JsonValueKind.Object
            || String(d, "id") is not { } id
            || String(d, "channel_id") is not { } channelId
            || !d.TryGetProperty("author", out var author)
            || author.ValueKind != JsonValueKind.Object
            || String(author, "id") is not { } authorId)
        {
            return null;
        }

        if (!OptionalString(d, "guild_id", out string? guildId)
            || !OptionalString(d, "webhook_id", out string? webhookId)
            || !OptionalString(d, "content", out string? content)
            || !OptionalBool(author, "bot", out bool authorIsBot)
            || !OptionalBool(d, "mention_everyone", out bool mentionEveryone))
        {
            return null;
        }

        var mentions = new List<string>();
        if (d.TryGetProperty("mentions", out var mentionArray) && mentionArray.ValueKind != JsonValueKind.Null)
        {
            if (mentionArray.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            foreach (var user in mentionArray.EnumerateArray())
            {
                if (user.ValueKind == JsonValueKind.Object && String(user, "id") is { } mentioned)
                {
                    mentions.Add(mentioned);
                }
            }
        }

        // Without MESSAGE_CONTENT Discord sends content as "", so absent content is read the same way.
        return new DiscordGatewayMessage(id, channelId, guildId, authorId, authorIsBot, content ?? "", mentions, mentionEveryone, webhookId);
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>False only when the property is present with a type other than string or null.</summary>
    private static bool OptionalString(JsonElement element, string name, out string? value)
    {
        value = null;
        if (!element.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = property.GetString();
        return true;
    }

    private static bool OptionalBool(JsonElement element, string name, out bool value)
    {
        value = false;
        if (!element.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (property.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return false;
        }

        value = property.GetBoolean();
        return true;
    }
}
