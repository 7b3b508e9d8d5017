using System.Text.Json.Nodes;
using PolicyBot.Adapters.Discord.Interactions;

namespace PolicyBot.Adapters.Discord.Rendering;

/// <summary>Discord's message limits (protocols §4.2–4.3): content, embeds and buttons.</summary>
public static class DiscordLimits
{
    public const int Content = 2000;
    public const int Embeds = 10;
    public const int EmbedTitle = 256;
    public const int EmbedDescription = 4096;
    public const int EmbedFooter = 2048;
    public const int EmbedAuthor = 256;
    public const int EmbedTotal = 6000;
    public const int ButtonLabel = 80;
    public const int CustomId = 100;
    public const int ButtonsPerRow = 5;
}

/// <summary>The custom ids of PolicyBot's buttons.</summary>
public static class DiscordButtons
{
    public const string More = "pb:more";
    public const string Helpful = "pb:helpful";
    public const string NotHelpful = "pb:unhelpful";
    public const string Share = "pb:share";
}

/// <summary>
/// One Discord message: markdown content, embeds and button rows. <see cref="ToJson"/> always sets
/// <c>allowed_mentions</c> to parse nothing, so no text the bot sends (article, question or user name) can ping
/// @everyone, @here, a role or a user.
/// </summary>
public sealed record DiscordMessage(string? Content, IReadOnlyList<JsonObject> Embeds, IReadOnlyList<JsonObject> Components)
{
    public static JsonObject NoMentions() => new() { ["parse"] = new JsonArray(), ["replied_user"] = false };

    /// <summary>The message body for create, edit, follow-up and interaction responses.</summary>
    public JsonObject ToJson(bool ephemeral = false)
    {
        var body = new JsonObject { ["content"] = Content ?? "" };
        body["embeds"] = new JsonArray(Embeds.Select(e => (JsonNode)e.DeepClone()).ToArray());
        body["components"] = new JsonArray(Components.Select(c => (JsonNode)c.DeepClone()).ToArray());
        body["allowed_mentions"] = NoMentions();
        if (ephemeral)
        {
            body["flags"] = DiscordMessageFlags.Ephemeral;
        }

        return body;
    }

    /// <summary>The characters Discord counts against the 6000 total of a message's embeds.</summary>
    public static int EmbedLength(JsonObject embed)
    {
        ArgumentNullException.ThrowIfNull(embed);
        int length = Text(embed["title"]) + Text(embed["description"]) + Text(embed["footer"]?["text"]) + Text(embed["author"]?["name"]);
        if (embed["fields"] is JsonArray fields)
        {
            length += fields.Sum(f => Text(f?["name"]) + Text(f?["value"]));
        }

        return length;
    }

    private static int Text(JsonNode? node) => node is JsonValue v && v.TryGetValue(out string? s) ? s.Length : 0;
}
