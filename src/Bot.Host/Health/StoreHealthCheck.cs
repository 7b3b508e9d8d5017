using Microsoft.Extensions.Diagnostics.HealthChecks;
using PolicyBot.Core.Alerts;

namespace PolicyBot.Hosting.Health;

/// <summary>Ready when the alert store answers a small query (the outbox depth) within <see cref="Timeout"/>.</summary>
public sealed class StoreHealthCheck : IHealthCheck
{
    public const string Name = "store";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    private readonly IOutboxStore _outbox;

    public StoreHealthCheck(IOutboxStore outbox)
    {
        _outbox = outbox;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            // WaitAsync as well: a driver that ignores the token must not hold the probe past the timeout.
            int depth = await _outbox.OutboxDepthAsync(timeout.Token).WaitAsync(timeout.Token);
            return HealthCheckResult.Healthy($"outbox depth {depth}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"no answer within {Timeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
