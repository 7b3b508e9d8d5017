using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PolicyBot.Core.Alerts;

namespace PolicyBot.Hosting;

/// <summary>
/// Runs alerts for the long-running bot: first the catch-up (a baseline on the very first start, else alerts for
/// articles that arrived while the bot was down), then the dispatcher until shutdown. What is not sent by then stays
/// in the outbox for the next start.
/// </summary>
public sealed class AlertService : BackgroundService
{
    private readonly AlertPlanner _planner;
    private readonly AlertDispatcher _dispatcher;
    private readonly ILogger<AlertService> _logger;

    public AlertService(AlertPlanner planner, AlertDispatcher dispatcher, ILogger<AlertService> logger)
    {
        _planner = planner;
        _dispatcher = dispatcher;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // Start-up must not wait for the catch-up.
        try
        {
            await _planner.CatchUpAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Catching up on articles added while the bot was down failed; new arrivals are still alerted");
        }

        await _dispatcher.RunAsync(stoppingToken);
    }
}
