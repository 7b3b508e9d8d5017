using System.Globalization;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Search;

namespace PolicyBot.Adapters.Shell;

/// <summary>
/// The local conversation loop: each line is a question or a slash command, answered in place.
/// Ends on /quit or end of input (Ctrl-D). One failing message never ends the session.
/// </summary>
public sealed class ShellSession
{
    private readonly IChatBot _bot;
    private readonly ArticleLibrary _library;

    public ShellSession(IChatBot bot, ArticleLibrary library)
    {
        _bot = bot;
        _library = library;
    }

    public Task RunAsync(TextReader input, TextWriter output, bool interactive, CancellationToken ct) => RunAsync(input, output, interactive, bold: false, ct);

    /// <summary>As above; <paramref name="bold"/> when the output is a terminal, which shows the answering words in bold.</summary>
    public async Task RunAsync(TextReader input, TextWriter output, bool interactive, bool bold, CancellationToken ct)
    {
        if (interactive)
        {
            int count = _library.Articles.Count;
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
            // The shell is one conversation and one channel, and its user manages that channel's alerts.
            var turn = new ChatTurn("shell", ShellAlertSender.Channel, Environment.UserName, "shell", messageNumber.ToString(CultureInfo.InvariantCulture), new TypedText(line)) { MayManage = true };
            Reply reply;
            try
            {
                reply = await _bot.HandleAsync(turn, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }

            await output.WriteAsync(ShellRenderer.Render(reply, bold: bold).AsMemory(), ct);
            await output.FlushAsync(ct);
            if (reply is GoodbyeReply)
            {
                break;
            }
        }
    }
}
