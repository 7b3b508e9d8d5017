using Microsoft.Extensions.Hosting;
using PolicyBot.Core.Conversation;

namespace PolicyBot.Adapters.Discord;

/// <summary>Discord's answer work in flight (deferred edits, follow-ups, Gateway replies), drained when the host stops.</summary>
public sealed class DiscordInFlight : InFlightWork, IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => DrainAsync(cancellationToken);
}
