using PolicyBot.Core.Search;

namespace PolicyBot.Bench.Infrastructure;

/// <summary>Progress of a long indexing run on stderr, at most every ten seconds (and when done).</summary>
internal sealed class ConsoleProgress(string label) : IProgress<IndexProgress>
{
    private long _lastTicks;

    public void Report(IndexProgress value)
    {
        long now = Environment.TickCount64;
        long last = Interlocked.Read(ref _lastTicks);
        bool final = value.Done == value.Total && value.Total > 0;
        if (value.Done > 0 && (now - last >= 10_000 || final) && Interlocked.CompareExchange(ref _lastTicks, now, last) == last)
        {
            Infrastructure.Report.Progress($"{label}: {value.Done}/{value.Total} ({value.Rate:0.#}/s)");
        }
    }
}
