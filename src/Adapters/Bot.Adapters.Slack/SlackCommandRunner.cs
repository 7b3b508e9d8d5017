using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack;

/// <summary>
/// Carries out a slash command (HTTP and Socket Mode share this): mapped to a turn for the bot. The channel commands
/// (/subscribe, /unsubscribe, /subscriptions, /add) are allowed to the users listed in <c>Slack:AdminUsers</c>, or to
/// everyone when that list is empty (small teams).
/// </summary>
public sealed class SlackCommandRunner
{
    private readonly IChatBot _bot;
    private readonly SlackOptions _options;

    public SlackCommandRunner(IChatBot bot, IOptions<SlackOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _bot = bot;
        _options = options.Value;
    }

    public static bool MayManage(SlackOptions options, string userId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AdminUsers.Count == 0 || options.AdminUsers.Contains(userId, StringComparer.Ordinal);
    }

    /// <summary>The slash command as the bot's turn: it stands alone (no conversation), identified in the logs by its trigger id.</summary>
    public static ChatTurn Turn(SlackSlashCommand command, SlackOptions options)
    {
        ArgumentNullException.ThrowIfNull(command);
        return new ChatTurn("slack", new ChannelRef("slack", command.ChannelId), command.UserId, $"slack:{command.ChannelId}:{command.TriggerId}", command.TriggerId ?? "", new CommandInput(SlackSlashCommandParser.ToBotCommand(command)))
        {
            MayManage = MayManage(options, command.UserId),
        };
    }

    public Task<Reply> RunAsync(SlackSlashCommand command, CancellationToken ct) => _bot.HandleAsync(Turn(command, _options), ct);
}
