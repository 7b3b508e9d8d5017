using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Diagnostics;

namespace PolicyBot.Adapters.Slack;

/// <summary>
/// Carries out a slash command (HTTP and Socket Mode share this): questions and summaries through Core, the channel
/// commands (/subscribe, /unsubscribe, /subscriptions, /add) through the alert commands, allowed to the users listed in
/// <c>Slack:AdminUsers</c>, or to everyone when that list is empty (small teams).
/// </summary>
public sealed class SlackCommandRunner
{
    private readonly BotEngine _engine;
    private readonly AlertCommands? _alerts;
    private readonly SlackOptions _options;
    private readonly PolicyBotMetrics? _metrics;

    public SlackCommandRunner(BotEngine engine, IOptions<SlackOptions> options, AlertCommands? alerts = null, PolicyBotMetrics? metrics = null)
    {
        _metrics = metrics;
        ArgumentNullException.ThrowIfNull(options);
        _engine = engine;
        _options = options.Value;
        _alerts = alerts;
    }

    public static bool MayManage(SlackOptions options, string userId)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AdminUsers.Count == 0 || options.AdminUsers.Contains(userId, StringComparer.Ordinal);
    }

    /// <summary>
    /// The reply to a channel command typed in a message ("@PolicyBot /subscribe steel"), with the same rules as the
    /// slash command; null when <paramref name="text"/> is not one (it is then a question for Core).
    /// </summary>
    public async Task<Reply?> TryChannelCommandAsync(string text, string channelId, string userId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(text);
        return _alerts is not null && CommandParser.Parse(text) is ChannelCommand command
            ? await _alerts.HandleAsync(command, new ChannelRef("slack", channelId), userId, MayManage(_options, userId), ct)
            : null;
    }

    public async Task<Reply> RunAsync(SlackSlashCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        long started = System.Diagnostics.Stopwatch.GetTimestamp();
        var botCommand = SlackSlashCommandParser.ToBotCommand(command);
        try
        {
            var reply = botCommand is ChannelCommand channelCommand && _alerts is not null
                ? await _alerts.HandleAsync(channelCommand, new ChannelRef("slack", command.ChannelId), command.UserId, MayManage(_options, command.UserId), ct)
                : await _engine.HandleAsync(botCommand, ct);
            _metrics?.RecordQuestion("slack", reply, started);
            return reply;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _metrics?.RecordQuestion("slack", new ErrorReply(BotText.Failed), started);
            throw;
        }
    }
}
