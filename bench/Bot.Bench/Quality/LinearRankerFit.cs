using PolicyBot.Bench.Ranking;

namespace PolicyBot.Bench.Quality;

/// <summary>
/// The linear ranker Core runs (<c>RankingWeights</c>): a candidate's score is the weighted sum of its
/// features. <see cref="Fit"/> finds the weights by coordinate ascent on a weighted MRR@10 (plus 0.1 ×
/// top-1), weights kept non-negative, steps 0.4 → 0.025.
/// </summary>
internal static class LinearRankerFit
{
    private static readonly double[] Steps = [0.4, 0.2, 0.1, 0.05, 0.025];

    public static CandidateScorer Scorer(double[] weights) => e => Scores(e, weights);

    public static double[] Scores(RankingExample e, double[] weights)
    {
        var scores = new double[e.Features.Length];
        for (int c = 0; c < scores.Length; c++)
        {
            var f = e.Features[c];
            double s = 0;
            for (int i = 0; i < weights.Length; i++)
            {
                s += weights[i] * f[i];
            }

            scores[c] = s;
        }

        return scores;
    }

    /// <summary>
    /// Fits from each of <paramref name="starts"/> and keeps the fit with the best training objective.
    /// Only the features marked in <paramref name="free"/> move; the others keep their start value.
    /// <paramref name="exampleWeights"/> weigh each example's term of the objective.
    /// </summary>
    public static double[] Fit(IReadOnlyList<RankingExample> examples, IReadOnlyList<double> exampleWeights, IEnumerable<double[]> starts, bool[] free)
    {
        double[]? best = null;
        double bestValue = double.NegativeInfinity;
        foreach (var start in starts)
        {
            var (w, value) = FitFrom(examples, exampleWeights, start, free);
            if (value > bestValue + 1e-12)
            {
                (best, bestValue) = (w, value);
            }
        }

        return best ?? throw new ArgumentException("No start given.", nameof(starts));
    }

    private static (double[] Weights, double Objective) FitFrom(IReadOnlyList<RankingExample> examples, IReadOnlyList<double> exampleWeights, double[] start, bool[] free)
    {
        var w = start.ToArray();
        // The scores are kept and moved along one feature at a time: a step costs one pass over the candidates.
        var scores = examples.Select(e => Scores(e, w)).ToArray();
        double best = Objective(examples, exampleWeights, scores);
        foreach (double step in Steps)
        {
            bool improved = true;
            for (int pass = 0; improved && pass < 6; pass++)
            {
                improved = false;
                for (int i = 0; i < w.Length; i++)
                {
                    if (!free[i])
                    {
                        continue;
                    }

                    foreach (double delta in new[] { step, -step })
                    {
                        double old = w[i];
                        double moved = Math.Max(0, old + delta);
                        if (moved == old)
                        {
                            continue;
                        }

                        Shift(examples, scores, i, moved - old);
                        double value = Objective(examples, exampleWeights, scores);
                        if (value > best + 1e-9)
                        {
                            best = value;
                            w[i] = moved;
                            improved = true;
                        }
                        else
                        {
                            Shift(examples, scores, i, old - moved);
                        }
                    }
                }
            }
        }

        return (w, best);
    }

    private static void Shift(IReadOnlyList<RankingExample> examples, double[][] scores, int feature, double delta)
    {
        for (int e = 0; e < examples.Count; e++)
        {
            var features = examples[e].Features;
            var s = scores[e];
            for (int c = 0; c < s.Length; c++)
            {
                s[c] += delta * features[c][feature];
            }
        }
    }

    private static double Objective(IReadOnlyList<RankingExample> examples, IReadOnlyList<double> exampleWeights, double[][] scores)
    {
        double sum = 0;
        for (int e = 0; e < examples.Count; e++)
        {
            int rank = RankingFigures.RankOfFirstRight(scores[e], examples[e].Correct);
            if (rank is >= 1 and <= RankingScore.Depth)
            {
                sum += exampleWeights[e] * (1.0 / rank + (rank == 1 ? 0.1 : 0));
            }
        }

        return sum;
    }
}
