using Microsoft.Extensions.Hosting;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Slack;

/// <summary>Slack's answer work outside the worker (buttons, slow slash commands' response_url posts), drained when the host stops.</summary>
public sealed class SlackInFlight : InFlightWork, IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => DrainAsync(cancellationToken);
}
