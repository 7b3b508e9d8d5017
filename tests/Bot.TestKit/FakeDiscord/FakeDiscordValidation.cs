using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>Discord's message limits (protocols.md §4.2–4.4), checked the way the real API refuses them.</summary>
internal static class FakeDiscordValidation
{
    /// <summary>Flags a bot may set on a channel message: SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_VOICE_MESSAGE, IS_COMPONENTS_V2.</summary>
    public const long ChannelMessageFlags = 4 | 4096 | 8192 | 32768;

    /// <summary>Flags for interaction responses and webhook messages: the channel ones plus EPHEMERAL.</summary>
    public const long InteractionMessageFlags = ChannelMessageFlags | 64;

    private static readonly HashSet<string> ParseValues = new(StringComparer.Ordinal) { "users", "roles", "everyone" };

    /// <summary>
    /// Validates a message body (create, response data, follow-up or edit). <paramref name="requireSomething"/>
    /// asks for Discord's 50006 when there is no content, embed, component, sticker or poll.
    /// </summary>
    public static FakeDiscordError? Message(JsonObject body, string prefix, bool requireSomething, long allowedFlags)
    {
        var errors = new FormErrors();
        string P(string name) => FormErrors.Join(prefix, name);

        if (body["content"] is { } contentNode && contentNode.GetValueKind() != JsonValueKind.Null)
        {
            if (String(contentNode) is not { } content)
            {
                errors.Add(P("content"), "BASE_TYPE_STRING", "Must be a string.");
            }
            else if (content.EnumerateRunes().Count() > 2000)
            {
                errors.MaxLength(P("content"), 2000);
            }
        }

        Embeds(body["embeds"], P("embeds"), errors);
        if (body["flags"] is { } flagsNode && flagsNode.GetValueKind() != JsonValueKind.Null)
        {
            if (!TryLong(flagsNode, out long flags) || (flags & ~allowedFlags) != 0)
            {
                errors.Add(P("flags"), "MESSAGE_FLAGS_INVALID", "Invalid flags for this message.");
            }
        }

        bool componentsV2 = TryLong(body["flags"], out long f) && (f & 32768) != 0;
        if (!componentsV2)
        {
            Components(body["components"], P("components"), errors);
        }

        AllowedMentions(body["allowed_mentions"], P("allowed_mentions"), errors);
        if (errors.ToError() is { } invalid)
        {
            return invalid;
        }

        if (requireSomething && !HasSomething(body))
        {
            return FakeDiscordError.EmptyMessage();
        }

        return null;
    }

    public static bool HasSomething(JsonObject body) =>
        (String(body["content"]) is { Length: > 0 })
        || body["embeds"] is JsonArray { Count: > 0 }
        || body["components"] is JsonArray { Count: > 0 }
        || body["sticker_ids"] is JsonArray { Count: > 0 }
        || body["poll"] is JsonObject;

    private static void Embeds(JsonNode? node, string path, FormErrors errors)
    {
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return;
        }

        if (node is not JsonArray embeds)
        {
            errors.Add(path, "BASE_TYPE_ARRAY", "Must be an array.");
            return;
        }

        if (embeds.Count > 10)
        {
            errors.MaxLength(path, 10);
            return;
        }

        int total = 0;
        for (int i = 0; i < embeds.Count; i++)
        {
            string at = path + "." + i;
            if (embeds[i] is not JsonObject embed)
            {
                errors.Add(at, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
                continue;
            }

            total += Limited(embed["title"], at + ".title", 256, errors);
            total += Limited(embed["description"], at + ".description", 4096, errors);
            Limited(embed["url"], at + ".url", 2048, errors);
            if (embed["color"] is { } color && color.GetValueKind() != JsonValueKind.Null
                && (!TryLong(color, out long c) || c < 0 || c > 0xFFFFFF))
            {
                errors.Add(at + ".color", "NUMBER_TYPE_MAX", "int value should be less than or equal to 16777215.");
            }

            if (embed["footer"] is JsonObject footer)
            {
                total += Required(footer["text"], at + ".footer.text", 1, 2048, errors);
            }

            if (embed["author"] is JsonObject author)
            {
                total += Required(author["name"], at + ".author.name", 1, 256, errors);
            }

            if (embed["fields"] is JsonArray fields)
            {
                if (fields.Count > 25)
                {
                    errors.MaxLength(at + ".fields", 25);
                }

                for (int j = 0; j < fields.Count; j++)
                {
                    string fat = at + ".fields." + j;
                    total += Required(fields[j]?["name"], fat + ".name", 1, 256, errors);
                    total += Required(fields[j]?["value"], fat + ".value", 1, 1024, errors);
                }
            }
        }

        if (total > 6000)
        {
            errors.Add(path, "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000");
        }
    }

    private static void Components(JsonNode? node, string path, FormErrors errors)
    {
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return;
        }

        if (node is not JsonArray rows)
        {
            errors.Add(path, "BASE_TYPE_ARRAY", "Must be an array.");
            return;
        }

        if (rows.Count > 5)
        {
            errors.MaxLength(path, 5);
        }

        for (int i = 0; i < rows.Count; i++)
        {
            string at = path + "." + i;
            if (rows[i] is not JsonObject row || !TryLong(row["type"], out long rowType) || rowType != 1)
            {
                errors.Add(at + ".type", "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (1,).");
                continue;
            }

            if (row["components"] is not JsonArray items || items.Count is 0 or > 5)
            {
                errors.BadLength(at + ".components", 1, 5);
                continue;
            }

            for (int j = 0; j < items.Count; j++)
            {
                string cat = at + ".components." + j;
                if (items[j] is not JsonObject item || !TryLong(item["type"], out long type))
                {
                    errors.Required(cat + ".type");
                    continue;
                }

                if (type == 2)
                {
                    TryLong(item["style"], out long style);
                    if (style is < 1 or > 6)
                    {
                        errors.Add(cat + ".style", "BASE_TYPE_CHOICES", "Value must be one of {1, 2, 3, 4, 5, 6}.");
                    }
                    else if (style == 5)
                    {
                        Required(item["url"], cat + ".url", 1, 512, errors);
                    }
                    else if (style != 6)
                    {
                        Required(item["custom_id"], cat + ".custom_id", 1, 100, errors);
                    }

                    Limited(item["label"], cat + ".label", 80, errors);
                }
                else if (type is 3 or 5 or 6 or 7 or 8)
                {
                    if (items.Count > 1)
                    {
                        errors.Add(cat, "COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width");
                    }

                    Required(item["custom_id"], cat + ".custom_id", 1, 100, errors);
                    if (type == 3 && item["options"] is JsonArray { Count: > 25 })
                    {
                        errors.MaxLength(cat + ".options", 25);
                    }
                }
                else
                {
                    errors.Add(cat + ".type", "UNION_TYPE_CHOICES", "Value of field \"type\" must be one of (2, 3, 5, 6, 7, 8).");
                }
            }
        }
    }

    private static void AllowedMentions(JsonNode? node, string path, FormErrors errors)
    {
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return;
        }

        if (node is not JsonObject allowed)
        {
            errors.Add(path, "MODEL_TYPE_CONVERT", "Only dictionaries may be used in a ModelType");
            return;
        }

        var parse = new HashSet<string>(StringComparer.Ordinal);
        if (allowed["parse"] is JsonArray parseList)
        {
            for (int i = 0; i < parseList.Count; i++)
            {
                if (String(parseList[i]) is { } value && ParseValues.Contains(value))
                {
                    parse.Add(value);
                }
                else
                {
                    errors.Add(path + ".parse." + i, "BASE_TYPE_CHOICES", "Value must be one of {'users', 'roles', 'everyone'}.");
                }
            }
        }

        foreach (string kind in new[] { "users", "roles" })
        {
            if (allowed[kind] is JsonArray ids)
            {
                if (ids.Count > 100)
                {
                    errors.MaxLength(path + "." + kind, 100);
                }

                if (ids.Count > 0 && parse.Contains(kind))
                {
                    errors.Add(path, "MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE", $"parse:[\"{kind}\"] and {kind}: [ids...] are mutually exclusive.");
                }
            }
        }
    }

    /// <summary>Optional string no longer than <paramref name="max"/> code points (after trimming); returns its length.</summary>
    public static int Limited(JsonNode? node, string path, int max, FormErrors errors)
    {
        if (node is null || node.GetValueKind() == JsonValueKind.Null)
        {
            return 0;
        }

        if (String(node) is not { } s)
        {
            errors.Add(path, "BASE_TYPE_STRING", "Must be a string.");
            return 0;
        }

        int length = s.Trim().EnumerateRunes().Count();
        if (length > max)
        {
            errors.MaxLength(path, max);
        }

        return length;
    }

    /// <summary>Required string of <paramref name="min"/>–<paramref name="max"/> code points; returns its length.</summary>
    public static int Required(JsonNode? node, string path, int min, int max, FormErrors errors)
    {
        if (String(node) is not { } s)
        {
            errors.Required(path);
            return 0;
        }

        int length = s.Trim().EnumerateRunes().Count();
        if (length < min || length > max)
        {
            errors.BadLength(path, min, max);
        }

        return length;
    }

    public static string? String(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    public static bool TryLong(JsonNode? node, out long result)
    {
        result = 0;
        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue(out result)
            || node is JsonValue v2 && v2.GetValueKind() == JsonValueKind.Number && long.TryParse(v2.ToJsonString(), out result);
    }
}
