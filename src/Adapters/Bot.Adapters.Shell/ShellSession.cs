using Microsoft.Extensions.Logging;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Diagnostics;

namespace PolicyBot.Adapters.Shell;

/// <summary>
/// The local conversation loop: each line is a question or a slash command, answered in place.
/// Ends on /quit or end of input (Ctrl-D). One failing message never ends the session.
/// </summary>
public sealed class ShellSession
{
    private readonly BotEngine _engine;
    private readonly ILogger<ShellSession> _logger;
    private readonly AlertCommands? _alerts;
    private readonly PolicyBotMetrics? _metrics;

    /// <param name="alerts">The channel commands (/subscribe, /add …), when alerts are set up; the shell's user manages its one channel.</param>
    /// <param name="metrics">Where each question is counted (platform shell).</param>
    public ShellSession(BotEngine engine, ILogger<ShellSession> logger, AlertCommands? alerts = null, PolicyBotMetrics? metrics = null)
    {
        _metrics = metrics;
        _engine = engine;
        _logger = logger;
        _alerts = alerts;
    }

    public async Task RunAsync(TextReader input, TextWriter output, bool interactive, CancellationToken ct)
    {
        if (interactive)
        {
            int count = _engine.Library.Articles.Count;
            await output.WriteLineAsync($"PolicyBot — {count} article{(count == 1 ? "" : "s")} loaded. Ask a question, or type /help. Ctrl-D or /quit to leave.".AsMemory(), ct);
        }

        int messageNumber = 0;
        while (!ct.IsCancellationRequested)
        {
            if (interactive)
            {
                await output.WriteAsync("\n> ".AsMemory(), ct);
                await output.FlushAsync(ct);
            }

            string? line = await input.ReadLineAsync(ct);
            if (line is null)
            {
                break;
            }

            if (line.Trim().Length == 0)
            {
                continue;
            }

            messageNumber++;
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            Reply reply;
            try
            {
                reply = _alerts is not null && CommandParser.Parse(line) is ChannelCommand command
                    ? await _alerts.HandleAsync(command, ShellAlertSender.Channel, Environment.UserName, mayManage: true, ct)
                    : await _engine.HandleAsync(line, "shell", ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Failed to handle shell message {MessageNumber}", messageNumber);
                reply = new ErrorReply(BotText.Failed);
            }

            _metrics?.RecordQuestion("shell", reply, started);
            await output.WriteAsync(ShellRenderer.Render(reply).AsMemory(), ct);
            await output.FlushAsync(ct);
            if (reply is GoodbyeReply)
            {
                break;
            }
        }
    }
}
