using System.Globalization;
using System.Text.Json.Nodes;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>Realistic interaction payloads (protocols.md §1.3, §1.6) for <see cref="DeliverAsync"/>.</summary>
public sealed partial class FakeDiscordApi
{
    public const string DefaultChannelId = "1100000000000000001";

    public const string DefaultGuildId = "1200000000000000001";

    public const string DefaultUserId = "1300000000000000001";

    private const string CommandId = "1400000000000000001";

    /// <summary>A PING (type 1); <see cref="DeliverAsync"/> adds id, token, application_id and version.</summary>
    public static JsonObject Ping() => new() { ["type"] = 1 };

    /// <summary>
    /// A slash command (type 2). Option values map to option types: string 3, integer 4, bool 5, floating 10.
    /// With a guild it carries <c>member</c> (user, roles, permissions); with <paramref name="guildId"/> null it is a
    /// bot DM with <c>user</c> and context 1.
    /// </summary>
    public static JsonObject SlashCommand(
        string name,
        IReadOnlyDictionary<string, object?>? options = null,
        string channelId = DefaultChannelId,
        string? guildId = DefaultGuildId,
        string userId = DefaultUserId,
        string? permissions = "2147483647")
    {
        var data = new JsonObject { ["id"] = CommandId, ["name"] = name, ["type"] = 1 };
        if (options is { Count: > 0 })
        {
            data["options"] = new JsonArray(options.Where(o => o.Value is not null).Select(o => (JsonNode)Option(o.Key, o.Value!)).ToArray());
        }

        var interaction = Invocation(2, data, channelId, guildId, userId, permissions);
        if (guildId is not null)
        {
            data["guild_id"] = guildId;
        }

        return interaction;
    }

    /// <summary>A button press (type 3, component_type 2) on a message the bot posted, or a select when <paramref name="values"/> is set.</summary>
    public static JsonObject Component(
        string customId,
        string messageId,
        string channelId = DefaultChannelId,
        bool ephemeralMessage = false,
        string? guildId = DefaultGuildId,
        string userId = DefaultUserId,
        IReadOnlyList<string>? values = null)
    {
        var data = new JsonObject { ["custom_id"] = customId, ["component_type"] = values is null ? 2 : 3 };
        if (values is not null)
        {
            data["values"] = new JsonArray(values.Select(v => (JsonNode)v).ToArray());
        }

        var interaction = Invocation(3, data, channelId, guildId, userId, "2147483647");
        interaction["message"] = new JsonObject
        {
            ["id"] = messageId,
            ["type"] = 0,
            ["channel_id"] = channelId,
            ["content"] = "Réponse précédente — “policy” answer",
            ["embeds"] = new JsonArray(),
            ["attachments"] = new JsonArray(),
            ["mentions"] = new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["pinned"] = false,
            ["mention_everyone"] = false,
            ["tts"] = false,
            ["timestamp"] = "2026-11-28T12:00:00.000000+00:00",
            ["edited_timestamp"] = null,
            ["flags"] = ephemeralMessage ? 64 : 0,
            ["components"] = new JsonArray(new JsonObject
            {
                ["type"] = 1,
                ["components"] = new JsonArray(new JsonObject { ["type"] = 2, ["style"] = 1, ["label"] = "More", ["custom_id"] = customId }),
            }),
        };
        return interaction;
    }

    /// <summary>An autocomplete request (type 4) with the focused option's partial value.</summary>
    public static JsonObject Autocomplete(
        string command,
        string option,
        string partialValue,
        string channelId = DefaultChannelId,
        string? guildId = DefaultGuildId,
        string userId = DefaultUserId)
    {
        var data = new JsonObject
        {
            ["id"] = CommandId,
            ["name"] = command,
            ["type"] = 1,
            ["version"] = "1400000000000000002",
            ["options"] = new JsonArray(new JsonObject { ["type"] = 3, ["name"] = option, ["value"] = partialValue, ["focused"] = true }),
        };
        return Invocation(4, data, channelId, guildId, userId, "2147483647");
    }

    private static JsonObject Option(string name, object value) => value switch
    {
        string s => new JsonObject { ["type"] = 3, ["name"] = name, ["value"] = s },
        bool b => new JsonObject { ["type"] = 5, ["name"] = name, ["value"] = b },
        int or long or short or byte => new JsonObject { ["type"] = 4, ["name"] = name, ["value"] = Convert.ToInt64(value, CultureInfo.InvariantCulture) },
        double or float or decimal => new JsonObject { ["type"] = 10, ["name"] = name, ["value"] = Convert.ToDouble(value, CultureInfo.InvariantCulture) },
        _ => new JsonObject { ["type"] = 3, ["name"] = name, ["value"] = Convert.ToString(value, CultureInfo.InvariantCulture) },
    };

    private static JsonObject User(string userId) => new()
    {
        ["id"] = userId,
        ["username"] = "zoë_tester",
        ["global_name"] = "Zoë Tester ✓",
        ["avatar"] = null,
        ["discriminator"] = "0",
        ["public_flags"] = 0,
    };

    private static JsonObject Invocation(int type, JsonObject data, string channelId, string? guildId, string userId, string? permissions)
    {
        var interaction = new JsonObject
        {
            ["type"] = type,
            ["data"] = data,
            ["app_permissions"] = "442368",
            ["locale"] = "en-US",
            ["entitlements"] = new JsonArray(),
            ["attachment_size_limit"] = 10_485_760,
        };
        if (guildId is not null)
        {
            var member = new JsonObject
            {
                ["user"] = User(userId),
                ["roles"] = new JsonArray(),
                ["nick"] = null,
                ["avatar"] = null,
                ["joined_at"] = "2024-01-01T00:00:00.000000+00:00",
                ["premium_since"] = null,
                ["pending"] = false,
                ["mute"] = false,
                ["deaf"] = false,
                ["flags"] = 0,
            };
            if (permissions is not null)
            {
                member["permissions"] = permissions;
            }

            interaction["guild_id"] = guildId;
            interaction["guild"] = new JsonObject { ["id"] = guildId, ["locale"] = "en-US", ["features"] = new JsonArray() };
            interaction["guild_locale"] = "en-US";
            interaction["channel_id"] = channelId;
            interaction["channel"] = new JsonObject { ["id"] = channelId, ["type"] = 0, ["guild_id"] = guildId, ["name"] = "général", ["nsfw"] = false };
            interaction["member"] = member;
            interaction["authorizing_integration_owners"] = new JsonObject { ["0"] = guildId };
            interaction["context"] = 0;
        }
        else
        {
            interaction["channel_id"] = channelId;
            interaction["channel"] = new JsonObject { ["id"] = channelId, ["type"] = 1, ["recipients"] = new JsonArray(User(userId)) };
            interaction["user"] = User(userId);
            interaction["authorizing_integration_owners"] = new JsonObject { ["0"] = "0" };
            interaction["context"] = 1;
        }

        return interaction;
    }
}
