using PolicyBot.Core.Alerts;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Shell;

/// <summary>Prints alerts in the shell, between the answers, for the shell's one channel ("console").</summary>
public sealed class ShellAlertSender : IAlertSender
{
    public const string ConsoleChannel = "console";
    public static readonly ChannelRef Channel = new("shell", ConsoleChannel);
    private readonly TextWriter _output;
    private readonly Lock _gate = new();

    public ShellAlertSender(TextWriter output)
    {
        _output = output;
    }

    public string Platform => Channel.Platform;

    public Task<AlertDelivery> SendAsync(ChannelRef channel, Reply reply, string key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reply);
        string text = ShellRenderer.Render(reply);
        lock (_gate)
        {
            _output.Write("\n" + text);
            _output.Flush();
        }

        return Task.FromResult<AlertDelivery>(new AlertDelivery.Sent(null));
    }

    /// <summary>A terminal keeps no record to ask: an alert in doubt is printed again.</summary>
    public Task<bool?> WasDeliveredAsync(ChannelRef channel, string key, DateTimeOffset since, CancellationToken ct) => Task.FromResult<bool?>(null);
}
