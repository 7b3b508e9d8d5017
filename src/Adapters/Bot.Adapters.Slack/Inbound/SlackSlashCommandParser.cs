using System.Net;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack.Inbound;

/// <summary>
/// Maps a slash command delivery (an <c>application/x-www-form-urlencoded</c> body, or the fields of a Socket Mode
/// <c>slash_commands</c> payload) to <see cref="SlackSslCheck"/>, <see cref="SlackSlashCommand"/> or
/// <see cref="SlackMalformed"/>, and a command to Core's <see cref="BotCommand"/>. Never throws.
/// </summary>
public static class SlackSlashCommandParser
{
    /// <summary>The Slack commands the bot serves; each is routed through Core's <see cref="CommandParser"/>.</summary>
    public static readonly IReadOnlyList<string> SupportedCommands = new[] { "ask", "summary", "articles", "quotes", "facts", "help", "subscribe", "unsubscribe", "subscriptions", "add" };

    /// <summary>Maps the raw form body (still URL-encoded, as signed).</summary>
    public static SlackInbound Parse(string? formBody) => FromFields(ParseForm(formBody ?? ""));

    /// <summary>Maps decoded fields (from a form, or from a Socket Mode payload's string properties).</summary>
    public static SlackInbound FromFields(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (Field(fields, "ssl_check") == "1")
        {
            return new SlackSslCheck();
        }

        string? command = Field(fields, "command");
        if (command is null || command.Length < 2 || command[0] != '/' || command.AsSpan(1).ContainsAny(' ', '\t', '\n'))
        {
            return new SlackMalformed("The form has no 'command' of the form /name.");
        }

        string? teamId = Field(fields, "team_id");
        string? channelId = Field(fields, "channel_id");
        string? userId = Field(fields, "user_id");
        if (teamId is null || channelId is null || userId is null)
        {
            return new SlackMalformed($"Command {command} lacks one of team_id, channel_id, user_id.");
        }

        if (!Uri.TryCreate(Field(fields, "response_url"), UriKind.Absolute, out Uri? responseUrl)
            || responseUrl.Scheme is not ("https" or "http"))
        {
            return new SlackMalformed($"Command {command} has no absolute http(s) 'response_url'.");
        }

        return new SlackSlashCommand(
            Name: command[1..].ToLowerInvariant(),
            Text: SlackInboundText.ToPlainText(fields.GetValueOrDefault("text")),
            TeamId: teamId,
            ChannelId: channelId,
            UserId: userId,
            ResponseUrl: responseUrl,
            TriggerId: Field(fields, "trigger_id"),
            ChannelName: Field(fields, "channel_name"),
            UserName: Field(fields, "user_name"),
            ApiAppId: Field(fields, "api_app_id"));
    }

    /// <summary>
    /// The Core command for a Slack command: <c>/summary</c>, <c>/articles</c>, <c>/quotes</c>, <c>/facts</c>, <c>/help</c>
    /// and <c>/ask</c> go through <see cref="CommandParser.Parse"/> as <c>/name text</c>; any other command (including the
    /// shell-only <c>/quit</c>) is an <see cref="InvalidCommand"/>.
    /// </summary>
    public static BotCommand ToBotCommand(SlackSlashCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (!SupportedCommands.Contains(command.Name, StringComparer.Ordinal))
        {
            return new InvalidCommand($"Unknown command /{command.Name}. Type /help to list the commands.");
        }

        return CommandParser.Parse("/" + command.Name + " " + command.Text);
    }

    /// <summary>
    /// Decodes <c>application/x-www-form-urlencoded</c>: <c>&amp;</c>-separated <c>name=value</c> pairs, <c>+</c> as space,
    /// <c>%XX</c> as UTF-8 bytes. A name given twice keeps its first value; pairs without a name are skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseForm(string formBody)
    {
        ArgumentNullException.ThrowIfNull(formBody);
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in formBody.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = WebUtility.UrlDecode(equals < 0 ? pair : pair[..equals]);
            string value = equals < 0 ? "" : WebUtility.UrlDecode(pair[(equals + 1)..]);
            if (name.Length > 0)
            {
                fields.TryAdd(name, value);
            }
        }

        return fields;
    }

    /// <summary>A non-empty field value, or null.</summary>
    private static string? Field(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out string? value) && !string.IsNullOrEmpty(value) ? value : null;
}
