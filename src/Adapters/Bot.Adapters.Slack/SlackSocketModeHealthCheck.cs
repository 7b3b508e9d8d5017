using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PolicyBot.Adapters.Slack;

/// <summary>Ready when the Socket Mode WebSocket is open (registered with <c>Slack:Mode=Socket</c>).</summary>
public sealed class SlackSocketModeHealthCheck : IHealthCheck
{
    public const string Name = "slack_socket_mode";

    private readonly SlackSocketModeService _socket;

    public SlackSocketModeHealthCheck(SlackSocketModeService socket)
    {
        _socket = socket;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_socket.IsConnected ? HealthCheckResult.Healthy("connected") : HealthCheckResult.Unhealthy("not connected"));
}
