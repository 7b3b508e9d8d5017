using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace PolicyBot.Bench.Quality;

/// <summary>The settings of one LightGBM lambdarank fit.</summary>
internal sealed record LightGbmSettings(int Leaves, int Iterations, double LearningRate, int MinimumPerLeaf)
{
    public override string ToString() => $"{Leaves} leaves, {Iterations} trees, rate {LearningRate}, ≥{MinimumPerLeaf} per leaf";
}

/// <summary>
/// ML.NET's LightGBM ranker (lambdarank on NDCG) over the same features, grouped by question, each
/// candidate labelled 1 when right. Measured beside the linear ranker only: Core does not carry ML.NET.
/// </summary>
internal sealed class LightGbmRanker
{
    private readonly MLContext _ml;
    private readonly ITransformer _model;
    private readonly bool[] _used;

    private LightGbmRanker(MLContext ml, ITransformer model, bool[] used)
    {
        _ml = ml;
        _model = model;
        _used = used;
    }

    /// <summary>Trains on <paramref name="examples"/>; features not in <paramref name="used"/> are given as 0.</summary>
    public static LightGbmRanker Train(IReadOnlyList<RankingExample> examples, IReadOnlyList<double> exampleWeights, bool[] used, LightGbmSettings settings)
    {
        var ml = new MLContext(seed: 1);
        var rows = new List<CandidateRow>();
        for (int e = 0; e < examples.Count; e++)
        {
            var example = examples[e];
            for (int c = 0; c < example.Features.Length; c++)
            {
                rows.Add(Row(example.Features[c], used, example.Correct[c] ? 1 : 0, (uint)(e + 1), (float)exampleWeights[e]));
            }
        }

        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(CandidateRow.Label),
            FeatureColumnName = nameof(CandidateRow.Features),
            RowGroupColumnName = "GroupKey",
            ExampleWeightColumnName = nameof(CandidateRow.Weight),
            NumberOfLeaves = settings.Leaves,
            NumberOfIterations = settings.Iterations,
            LearningRate = settings.LearningRate,
            MinimumExampleCountPerLeaf = settings.MinimumPerLeaf,
            NumberOfThreads = 2,
            Seed = 1,
            Silent = true,
        });
        var pipeline = ml.Transforms.Conversion.MapValueToKey("GroupKey", nameof(CandidateRow.Group)).Append(trainer);
        var model = pipeline.Fit(ml.Data.LoadFromEnumerable(rows));
        return new LightGbmRanker(ml, model, used);
    }

    /// <summary>Scores all candidates of all <paramref name="examples"/> in one pass; a scorer that looks them up.</summary>
    public CandidateScorer ScorerFor(IReadOnlyList<RankingExample> examples)
    {
        var rows = new List<CandidateRow>();
        foreach (var e in examples)
        {
            foreach (var f in e.Features)
            {
                rows.Add(Row(f, _used, 0, 1, 1));
            }
        }

        var scored = _model.Transform(_ml.Data.LoadFromEnumerable(rows));
        var all = scored.GetColumn<float>("Score").ToArray();
        var byExample = new Dictionary<RankingExample, double[]>(ReferenceEqualityComparer.Instance);
        int at = 0;
        foreach (var e in examples)
        {
            var scores = new double[e.Features.Length];
            for (int c = 0; c < scores.Length; c++)
            {
                scores[c] = all[at++];
            }

            byExample[e] = scores;
        }

        return e => byExample[e];
    }

    private static CandidateRow Row(double[] features, bool[] used, float label, uint group, float weight) => new()
    {
        Label = label,
        Group = group,
        Weight = weight,
        Features = features.Select((v, i) => used[i] ? (float)v : 0f).ToArray(),
    };

    private sealed class CandidateRow
    {
        public float Label { get; set; }

        public uint Group { get; set; }

        public float Weight { get; set; }

        [VectorType(TriedFeatures.Total)]
        public float[] Features { get; set; } = [];
    }
}
