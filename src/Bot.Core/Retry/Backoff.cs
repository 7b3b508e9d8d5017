namespace PolicyBot.Core.Retry;

/// <summary>
/// The one retry-delay rule of every retry and reconnect loop: exponential from a base, capped, with "equal jitter".
/// Attempt n's step is <c>min(max, base × 2^(n-1))</c>; the delay is half the step plus a random share of the other
/// half, so it lies in [step/2, step]. The random half spreads a fleet that failed together (a Slack outage, a dropped
/// Gateway) instead of having every replica retry in lock-step; the fixed half keeps the delays growing, each at
/// least as long as the last could have been until the cap.
/// </summary>
public static class Backoff
{
    /// <summary>The delay before retry <paramref name="attempt"/> (1 for the first), drawing the jitter from <paramref name="random"/>.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        // Jitter only; nothing secret depends on it.
#pragma warning disable CA5394
        return Delay(attempt, baseDelay, maxDelay, random.NextDouble());
#pragma warning restore CA5394
    }

    /// <summary>The same with the jitter given: <paramref name="jitter"/> in [0, 1] picks where in [step/2, step] it falls.</summary>
    public static TimeSpan Delay(int attempt, TimeSpan baseDelay, TimeSpan maxDelay, double jitter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(baseDelay.Ticks, nameof(baseDelay));
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, baseDelay);
        double step = Math.Min(maxDelay.TotalMilliseconds, baseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 62)));
        return TimeSpan.FromMilliseconds((step / 2) + (step / 2 * Math.Clamp(jitter, 0, 1)));
    }
}
