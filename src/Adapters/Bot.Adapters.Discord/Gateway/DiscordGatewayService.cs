using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PolicyBot.Adapters.Discord.Gateway;

/// <summary>Runs the Gateway client for the life of the host, from its stopping token.</summary>
public sealed class DiscordGatewayService : BackgroundService
{
    private readonly DiscordGatewayClient _client;
    private readonly ILogger<DiscordGatewayService> _logger;

    public DiscordGatewayService(DiscordGatewayClient client, ILogger<DiscordGatewayService> logger)
    {
        _client = client;
        _logger = logger;
    }

    public DiscordGatewayClient Client => _client;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await _client.RunAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The HTTP interactions endpoint keeps working without the Gateway, so the host is not brought down.
            _logger.LogError(ex, "The Discord Gateway client stopped unexpectedly; mentions and DMs will not be answered until restart.");
        }
    }
}
