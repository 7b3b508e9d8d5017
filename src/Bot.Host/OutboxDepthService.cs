using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyBot.Core.Alerts;
using PolicyBot.Core.Diagnostics;

namespace PolicyBot.Hosting;

/// <summary>
/// Reads the outbox depth from the store every few seconds into <see cref="PolicyBotMetrics"/>, so the
/// <c>policybot_outbox_depth</c> gauge reports a recent value without ever waiting on the store while it is scraped.
/// </summary>
public sealed class OutboxDepthService : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(3);

    private readonly IOutboxStore _store;
    private readonly PolicyBotMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxDepthService> _logger;

    public OutboxDepthService(IOutboxStore store, PolicyBotMetrics metrics, TimeProvider time, ILogger<OutboxDepthService> logger)
    {
        _store = store;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // Start-up must not wait for the store.
        using var timer = new PeriodicTimer(Interval, _time);
        bool warned = false;
        try
        {
            do
            {
                try
                {
                    using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    timeout.CancelAfter(ReadTimeout);
                    _metrics.SetOutboxDepth(await _store.OutboxDepthAsync(timeout.Token));
                    warned = false;
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    if (!warned)
                    {
                        // Once per outage: /readyz reports the store too.
                        _logger.LogWarning("Reading the alert outbox depth failed ({Reason}); the gauge keeps its last value", ex.Message);
                        warned = true;
                    }
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown.
        }
    }
}
