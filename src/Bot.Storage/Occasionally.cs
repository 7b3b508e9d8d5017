namespace PolicyBot.Storage;

/// <summary>
/// Says yes on the first call and then once in <see cref="Every"/> calls, from any thread: for clean-ups often enough
/// to bound a table, rarely enough that they cost nothing per call.
/// </summary>
internal sealed class Occasionally
{
    public const int Every = 100;

    private int _calls;

    public bool IsDue() => (uint)Interlocked.Increment(ref _calls) % Every == 1;
}
