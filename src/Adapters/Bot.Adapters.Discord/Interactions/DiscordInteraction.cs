using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyBot.Adapters.Discord.Interactions;

/// <summary>Interaction types Discord sends (protocols §1.3).</summary>
public enum DiscordInteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    Autocomplete = 4,
    ModalSubmit = 5,
}

/// <summary>Interaction callback types (protocols §1.4).</summary>
public static class DiscordCallback
{
    public const int Pong = 1;
    public const int ChannelMessage = 4;
    public const int DeferredChannelMessage = 5;
    public const int DeferredUpdateMessage = 6;
    public const int UpdateMessage = 7;
    public const int AutocompleteResult = 8;
}

/// <summary>Message flags PolicyBot sets or reads.</summary>
public static class DiscordMessageFlags
{
    public const int Ephemeral = 1 << 6;
}

/// <summary>
/// An interaction as PolicyBot needs it: who, where, which command with which options (sub-command options
/// flattened), which option is being typed (autocomplete), which button (components) on which message.
/// </summary>
public sealed record DiscordInteraction(
    DiscordInteractionType Type,
    string Id,
    string Token,
    string ApplicationId,
    string? ChannelId,
    string? GuildId,
    string? UserId,
    string? MemberPermissions,
    string? CommandName,
    IReadOnlyDictionary<string, JsonElement> Options,
    string? FocusedOption,
    string? CustomId,
    JsonObject? Message)
{
    public string? StringOption(string name) =>
        Options.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool BoolOption(string name) =>
        Options.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.True;

    public long? IntegerOption(string name) =>
        Options.TryGetValue(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long n) ? n : null;

    /// <summary>True when the message a button sits on is only visible to the person who pressed it.</summary>
    public bool MessageIsEphemeral =>
        Message?["flags"] is JsonValue flags && flags.TryGetValue(out int f) && (f & DiscordMessageFlags.Ephemeral) != 0;
}

/// <summary>Reads interaction payloads; a pure function tested on recorded bodies.</summary>
public static class DiscordInteractionParser
{
    /// <summary>The interaction in <paramref name="body"/>, or null when it is not well-formed JSON with a known type, id and token.</summary>
    public static DiscordInteraction? Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            return Parse(doc.RootElement);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static DiscordInteraction? Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object
            || Int(root, "type") is not int type || type is < 1 or > 5
            || Str(root, "id") is not { Length: > 0 } id
            || Str(root, "token") is not { Length: > 0 } token)
        {
            return null;
        }

        var member = Obj(root, "member");
        var user = member is { } m ? Obj(m, "user") : Obj(root, "user");
        var data = Obj(root, "data");
        var options = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        string? focused = null;
        if (data is { } d && d.TryGetProperty("options", out var list))
        {
            Flatten(list, options, ref focused);
        }

        JsonObject? message = null;
        if (root.TryGetProperty("message", out var msg) && msg.ValueKind == JsonValueKind.Object)
        {
            message = JsonNode.Parse(msg.GetRawText()) as JsonObject;
        }

        return new DiscordInteraction(
            (DiscordInteractionType)type,
            id,
            token,
            Str(root, "application_id") ?? "",
            Str(root, "channel_id") ?? (Obj(root, "channel") is { } channel ? Str(channel, "id") : null),
            Str(root, "guild_id"),
            user is { } u ? Str(u, "id") : null,
            member is { } mm ? Str(mm, "permissions") : null,
            data is { } dd ? Str(dd, "name") : null,
            options,
            focused,
            data is { } cd ? Str(cd, "custom_id") : null,
            message);
    }

    /// <summary>Options by name; sub-command and group options are flattened into the same map.</summary>
    private static void Flatten(JsonElement list, Dictionary<string, JsonElement> into, ref string? focused)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var option in list.EnumerateArray())
        {
            if (option.ValueKind != JsonValueKind.Object || Str(option, "name") is not { } name)
            {
                continue;
            }

            if (option.TryGetProperty("options", out var nested))
            {
                Flatten(nested, into, ref focused);
            }

            if (option.TryGetProperty("value", out var value))
            {
                into[name] = value.Clone();
            }

            if (option.TryGetProperty("focused", out var f) && f.ValueKind == JsonValueKind.True)
            {
                focused = name;
            }
        }
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out int n) ? n : null;

    private static JsonElement? Obj(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;
}
