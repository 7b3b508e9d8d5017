using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PolicyBot.Adapters.Discord.Gateway;

/// <summary>Ready when the Gateway session is identified or resumed (registered with <c>Discord:Gateway=true</c>).</summary>
public sealed class DiscordGatewayHealthCheck : IHealthCheck
{
    public const string Name = "discord_gateway";

    private readonly DiscordGatewayClient _gateway;

    public DiscordGatewayHealthCheck(DiscordGatewayClient gateway)
    {
        _gateway = gateway;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_gateway.IsReady ? HealthCheckResult.Healthy("connected") : HealthCheckResult.Unhealthy("not connected"));
}
