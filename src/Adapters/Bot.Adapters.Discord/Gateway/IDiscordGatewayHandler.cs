namespace PolicyBot.Adapters.Discord.Gateway;

/// <summary>
/// Receives every MESSAGE_CREATE after READY. The client runs each call off its receive loop, so a
/// slow or failing handler never delays heartbeats; exceptions are logged and the connection lives on.
/// </summary>
public interface IDiscordGatewayHandler
{
    Task OnMessageAsync(DiscordGatewayMessage message, string botUserId, CancellationToken ct);
}
