namespace PolicyBot.Bench.Infrastructure;

/// <summary>Deterministic caps and percentiles.</summary>
internal static class Sampling
{
    /// <summary>At most <paramref name="limit"/> items spread evenly over the list (all when no limit), in order.</summary>
    public static IReadOnlyList<T> Spread<T>(IReadOnlyList<T> items, int? limit)
    {
        if (limit is not { } n || n >= items.Count)
        {
            return items;
        }

        return Enumerable.Range(0, n).Select(i => items[(int)((long)i * items.Count / n)]).ToList();
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    public static double Percentile(double[] sorted, double percent)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
