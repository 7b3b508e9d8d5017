using System.Collections.Concurrent;

namespace PolicyBot.Core.Conversation;

/// <summary>
/// Answers that outlive the request that started them (a deferred Discord edit, a Slack button's post, a slow slash
/// command's response_url). At shutdown the host waits for them, up to its shutdown timeout, instead of cancelling them
/// as it stops: a question acknowledged is a question answered. <see cref="Token"/> is cancelled only when that time
/// runs out. Each adapter registers one as a hosted service whose StopAsync calls <see cref="DrainAsync"/>.
/// </summary>
public class InFlightWork : IDisposable
{
    private readonly CancellationTokenSource _abort = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    /// <summary>The token for answer work: cancelled only when the shutdown grace is over.</summary>
    public CancellationToken Token => _abort.Token;

    public int Running => _running.Count;

    /// <summary>Keeps <paramref name="work"/> until it ends, so shutdown waits for it.</summary>
    public void Track(Task work)
    {
        ArgumentNullException.ThrowIfNull(work);
        _running[work] = 0;
        _ = work.ContinueWith(done => _running.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Waits for the work in flight; when <paramref name="ct"/> (the host's shutdown timeout) runs out first, cancels it.</summary>
    public async Task DrainAsync(CancellationToken ct)
    {
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(ct);
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

    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            _abort.Dispose();
        }
    }
}
