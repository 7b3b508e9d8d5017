using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;

namespace PolicyBot.Adapters.Discord;

/// <summary>
/// Discord answers that outlive the request that started them (the edit after a deferral, follow-ups, Gateway replies).
/// At shutdown the host waits for them, up to its shutdown timeout, instead of cancelling them as it stops: a question
/// acknowledged is a question answered. <see cref="Token"/> is cancelled only when that time runs out.
/// </summary>
public sealed class DiscordInFlight : IHostedService, IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>The token for answer work: cancelled only when the shutdown grace is over.</summary>
    public CancellationToken Token => _abort.Token;

    /// <summary>Keeps <paramref name="work"/> until it ends, so shutdown waits for it.</summary>
    public void Track(Task work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _running[work] = 0;
        _ = work.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public int Running => _running.Count;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _abort.CancelAsync();
        }
        catch (Exception)
        {
            // The work logs its own failures; shutdown carries on.
        }
    }

    public void Dispose() => _abort.Dispose();
}
