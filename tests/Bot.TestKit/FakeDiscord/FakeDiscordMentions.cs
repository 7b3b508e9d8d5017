using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>
/// Which pings a message would really fire (protocols.md §4.4): the mentions written in its content,
/// filtered by <c>allowed_mentions</c>, or by the default when that is absent — everything for normal
/// channel messages, users only for interaction responses and webhook messages. Embeds never ping.
/// Mentions inside code blocks are counted too (erring on the side of reporting a ping).
/// </summary>
internal static partial class FakeDiscordMentions
{
    [GeneratedRegex(@"@everyone|@here|<@!?(?<user>\d+)>|<@&(?<role>\d+)>", RegexOptions.CultureInvariant)]
    private static partial Regex MentionPattern();

    public static IReadOnlyList<string> Compute(JsonObject body, bool channelMessage)
    {
        string content = body["content"] is JsonValue v && v.TryGetValue(out string? s) ? s : "";
        if (content.Length == 0)
        {
            return [];
        }

        HashSet<string> parse;
        HashSet<string> users = new(StringComparer.Ordinal);
        HashSet<string> roles = new(StringComparer.Ordinal);
        if (body["allowed_mentions"] is JsonObject allowed)
        {
            parse = Strings(allowed["parse"]);
            users = Strings(allowed["users"]);
            roles = Strings(allowed["roles"]);
        }
        else
        {
            parse = channelMessage
                ? new HashSet<string>(["users", "roles", "everyone"], StringComparer.Ordinal)
                : new HashSet<string>(["users"], StringComparer.Ordinal);
        }

        var pings = new List<string>();
        foreach (Match match in MentionPattern().Matches(content))
        {
            string? ping = match.Value switch
            {
                "@everyone" => parse.Contains("everyone") ? "everyone" : null,
                "@here" => parse.Contains("everyone") ? "here" : null,
                _ when match.Groups["user"].Success =>
                    parse.Contains("users") || users.Contains(match.Groups["user"].Value) ? "user:" + match.Groups["user"].Value : null,
                _ => parse.Contains("roles") || roles.Contains(match.Groups["role"].Value) ? "role:" + match.Groups["role"].Value : null,
            };
            if (ping is not null && !pings.Contains(ping))
            {
                pings.Add(ping);
            }
        }

        return pings;
    }

    private static HashSet<string> Strings(JsonNode? node)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                if (item is JsonValue value && value.TryGetValue(out string? s))
                {
                    set.Add(s);
                }
            }
        }

        return set;
    }
}
