namespace PolicyBot.TestKit;

/// <summary>
/// A clock whose timers fire at once, adding their due time to <see cref="Waited"/>: code that waits
/// (retry backoff, Retry-After) runs at full speed while tests check how long it asked to wait.
/// </summary>
public sealed class InstantTimeProvider : TimeProvider
{
    private long _waitedTicks;

    public TimeSpan Waited => TimeSpan.FromTicks(Interlocked.Read(ref _waitedTicks));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime > TimeSpan.Zero)
        {
            Interlocked.Add(ref _waitedTicks, dueTime.Ticks);
        }

        return System.CreateTimer(callback, state, TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }
}
