using Microsoft.Extensions.DependencyInjection;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Hosting;

/// <summary>The one-shot commands reach the bot the way every platform does: one turn each, through <see cref="IChatBot"/>.</summary>
public static partial class PolicyBotCli
{
    private static int _cliTurns;

    /// <summary>
    /// <paramref name="command"/> as a turn of the <c>cli</c> platform, answered by the bot (which records the metric and
    /// catches faults as an <see cref="ErrorReply"/>). Each command stands alone: no conversation memory carries over.
    /// </summary>
    private static Task<Reply> AskBotAsync(IServiceProvider services, BotCommand command, CancellationToken ct)
    {
        int turn = Interlocked.Increment(ref _cliTurns);
        var chatTurn = new ChatTurn("cli", new ChannelRef("cli", "cli"), Environment.UserName, $"cli:{Environment.ProcessId}:{turn}", $"cli-{turn}", new CommandInput(command))
        {
            MayManage = true, // The person at the terminal owns the collection, as in the shell.
        };
        return services.GetRequiredService<IChatBot>().HandleAsync(chatTurn, ct);
    }
}
