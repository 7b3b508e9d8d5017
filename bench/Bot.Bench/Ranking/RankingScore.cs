namespace PolicyBot.Bench.Ranking;

/// <summary>Top-1, top-3 and mean reciprocal rank over the top 10, from the rank of the first correct result.</summary>
internal sealed class RankingScore
{
    public const int Depth = 10;

    private int _top1;
    private int _top3;
    private double _reciprocal;

    public int Questions { get; private set; }

    public double Top1 => Questions == 0 ? 0 : (double)_top1 / Questions;

    public double Top3 => Questions == 0 ? 0 : (double)_top3 / Questions;

    public double Mrr => Questions == 0 ? 0 : _reciprocal / Questions;

    /// <summary>Records one question: <paramref name="ranked"/> best first, <paramref name="correct"/> judges each result.</summary>
    public int? Add<T>(IEnumerable<T> ranked, Func<T, bool> correct)
    {
        Questions++;
        int rank = 0;
        foreach (var item in ranked.Take(Depth))
        {
            rank++;
            if (correct(item))
            {
                _top1 += rank == 1 ? 1 : 0;
                _top3 += rank <= 3 ? 1 : 0;
                _reciprocal += 1.0 / rank;
                return rank;
            }
        }

        return null;
    }
}
