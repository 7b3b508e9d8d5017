using System.Globalization;
using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Core.Answering;

namespace PolicyBot.Bench.Quality;

/// <summary>
/// The <c>tune</c> command: ranks the SQuAD v1.1 dev-half questions and the answerable realistic
/// questions over the whole BBC dev half once, keeping every candidate's <see cref="RankingFeatures"/>,
/// then compares ranking variants on held-out folds of both sets: today's weights, meaning alone,
/// reciprocal rank fusion, linear fits (SQuAD only, and SQuAD + realistic weighted so the small set
/// counts), the same with features tried beside Core's (<see cref="TriedFeatures"/>), and ML.NET's
/// LightGBM ranker. Fold 0 is SQuAD's even-numbered articles with the realistic
/// questions on even-numbered BBC articles; each variant is fitted on one fold and scored on the other,
/// so every question is scored once by a model that did not see it. Then every linear variant is
/// fitted on all questions: those weights are what <see cref="RankingWeights"/> can hold.
/// </summary>
internal sealed class RankerTuning(BenchOptions options, BenchPaths paths)
{
    private const int Bm25 = 0;
    private const int Meaning = 5;
    private const int NeighbourMeaning = 6;

    private static readonly string[] Kinds = [QuestionKinds.Paraphrase, QuestionKinds.Plain, QuestionKinds.Figure, QuestionKinds.Who];

    /// <summary>The realistic set's share of the fitting objective (0: SQuAD only; 0.5: both count alike).</summary>
    private static readonly double[] RealisticShares = [0, 0.1, 0.25, 0.5];

    private static readonly LightGbmSettings[] LightGbmGrid =
    [
        new(Leaves: 15, Iterations: 200, LearningRate: 0.05, MinimumPerLeaf: 50),
        new(Leaves: 7, Iterations: 100, LearningRate: 0.1, MinimumPerLeaf: 100),
    ];

    /// <summary>A ranking variant: given training and test examples, a scorer for the test examples.</summary>
    private sealed record Variant(string Name, string FittedOn, Func<IReadOnlyList<RankingExample>, IReadOnlyList<RankingExample>, CandidateScorer> Fit);

    /// <summary>A linear fit: its name, the realistic share and the features it may move.</summary>
    private sealed record LinearConfig(string Name, double RealisticShare, bool[] Free);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        Report.CommandLine(options.Arguments);
        using var temp = new TempFolder("tune", options.Keep);
        string file = Path.GetFullPath(options.File ?? Path.Combine(paths.RepoRoot, DevSetCheck.DefaultFile));
        string bbcFolder = options.WorkDir is { } work ? Path.Combine(Path.GetFullPath(work), "bbc-realistic") : temp.Sub("bbc");
        var squad = await RankingExamples.SquadAsync(paths, temp.Sub("squad1"), options.Limit, options.Encoder, ct);
        var realistic = await RankingExamples.RealisticAsync(paths, file, bbcFolder, options.Encoder, ct);

        Report.Heading($"Ranker tuning: SQuAD v1.1 dev half and the realistic set over the BBC dev half (meaning by {options.Encoder})");
        Report.Note($"SQuAD v1.1: {squad.WithMeaning.Count} answerable questions over {squad.Sentences} sentences; folds by article parity ({Fold(squad.WithMeaning, 0)} / {Fold(squad.WithMeaning, 1)} questions).");
        Report.Note($"Realistic: {realistic.WithMeaning.Count} answerable questions of {file} over {realistic.Sentences} BBC sentences; folds by article, alternating in id order ({Fold(realistic.WithMeaning, 0)} / {Fold(realistic.WithMeaning, 1)} questions).");
        Report.Note($"Re-ranking ceiling (a right sentence among the candidates), words + meaning: SQuAD {Reach(squad.WithMeaning)}, realistic {Reach(realistic.WithMeaning)}; words only: SQuAD {Reach(squad.WordsOnly)}, realistic {Reach(realistic.WordsOnly)}.");
        Report.Note($"Fits weigh each set's questions so that the realistic set has the stated share of the objective (0.5: its {realistic.WithMeaning.Count} questions count as much as SQuAD's {squad.WithMeaning.Count}; 0: SQuAD only).");
        Report.Note("Held out: every question scored by the variant fitted on the other fold (pooled over both folds).");

        var all = squad.WithMeaning.Concat(realistic.WithMeaning).ToList();
        var core = Mask(i => i < RankingFeatures.Count);
        var tried = Mask(i => i < TriedFeatures.LocalDetail);
        var local = Mask(i => i < RankingFeatures.Count || i >= TriedFeatures.LocalDetail);
        var gate = Mask(i => i < RankingFeatures.Count || i == TriedFeatures.MeaningIfWordsMiss);
        var linear = RealisticShares.Select(share => new LinearConfig($"linear, realistic share {Share(share)}", share, core)).ToList();
        linear.Add(new LinearConfig("linear + the 4 tried features, realistic share 0", 0, tried));
        linear.Add(new LinearConfig("linear + the 4 tried features, realistic share 0.25", 0.25, tried));
        linear.Add(new LinearConfig("linear + meaning-if-words-miss, realistic share 0.25", 0.25, gate));
        linear.Add(new LinearConfig("linear + local-detail and local-rarest, realistic share 0", 0, local));
        linear.Add(new LinearConfig("linear + local-detail and local-rarest, realistic share 0.25", 0.25, local));

        var today = Widen(RankingWeights.WithMeaning.Values);
        var variants = new List<Variant>
        {
            Fixed("today's weights (RankingWeights.WithMeaning)", LinearRankerFit.Scorer(today)),
            Fixed("meaning alone", e => e.Features.Select(f => f[Meaning]).ToArray()),
            Fixed("BM25 alone", e => e.Features.Select(f => f[Bm25]).ToArray()),
            Fixed("reciprocal rank fusion of BM25 and meaning, k = 60", e => Fusion(e, 60)),
            Fixed("reciprocal rank fusion of BM25 and meaning, k = 10", e => Fusion(e, 10)),
        };
        variants.AddRange(linear.Select(c => LinearVariant(c, today)));
        foreach (var settings in LightGbmGrid)
        {
            foreach (double share in new[] { 0, 0.25, 0.5 })
            {
                variants.Add(LightGbmVariant($"LightGBM ({settings}), realistic share {Share(share)}", share, core, settings));
            }
        }

        variants.Add(LightGbmVariant($"LightGBM + the 4 tried features ({LightGbmGrid[0]}), realistic share 0.25", 0.25, tried, LightGbmGrid[0]));
        Compare("words + meaning", all, variants);
        PrintWeights("words + meaning", all, linear, today, e => LinearStarts(today, e));

        // Words only: the candidates of an answerer without meaning vectors, meaning features absent.
        var allWords = squad.WordsOnly.Concat(realistic.WordsOnly).ToList();
        var wordsToday = Widen(RankingWeights.WordsOnly.Values);
        var wordFeatures = Mask(i => i < RankingFeatures.Count && i != Meaning && i != NeighbourMeaning);
        var wordsLinear = RealisticShares.Select(share => new LinearConfig($"linear, realistic share {Share(share)}", share, wordFeatures)).ToList();
        wordsLinear.Add(new LinearConfig("linear + bm25-rank, realistic share 0.25", 0.25, Mask(i => wordFeatures[i] || i == TriedFeatures.Bm25Rank)));
        wordsLinear.Add(new LinearConfig("linear + local-detail and local-rarest, realistic share 0.25", 0.25, Mask(i => wordFeatures[i] || i >= TriedFeatures.LocalDetail)));
        var wordsVariants = new List<Variant>
        {
            Fixed("today's weights (RankingWeights.WordsOnly)", LinearRankerFit.Scorer(wordsToday)),
            Fixed("BM25 alone", e => e.Features.Select(f => f[Bm25]).ToArray()),
        };
        wordsVariants.AddRange(wordsLinear.Select(c => LinearVariant(c, wordsToday)));
        Compare("words only", allWords, wordsVariants);
        PrintWeights("words only", allWords, wordsLinear, wordsToday, e => LinearStarts(wordsToday, e));
        return 0;
    }

    private static void Compare(string title, IReadOnlyList<RankingExample> all, IReadOnlyList<Variant> variants)
    {
        var fold0 = all.Where(e => e.Fold == 0).ToList();
        var fold1 = all.Where(e => e.Fold == 1).ToList();
        var overall = new TextTable("variant", "fitted on", "SQuAD top-1 %", "SQuAD top-3 %", "SQuAD MRR@10", "realistic top-1 %", "realistic top-3 %", "realistic MRR@10");
        var kinds = new TextTable(["variant", .. Kinds.Select(k => $"{k} top-1 / top-3 % / MRR")]);
        var halves = new TextTable("variant", "SQuAD, odd articles (fit on even)", "SQuAD, even articles (fit on odd)", "realistic, fold 1 (fit on fold 0)", "realistic, fold 0 (fit on fold 1)");
        foreach (var v in variants)
        {
            Report.Progress($"{title}: {v.Name}");
            var scoredOn1 = v.Fit(fold0, fold1);
            var scoredOn0 = v.Fit(fold1, fold0);
            CandidateScorer heldOut = e => e.Fold == 1 ? scoredOn1(e) : scoredOn0(e);
            var squad = RankingFigures.Of(all.Where(e => e.Set == RankingExample.Squad), heldOut);
            var realistic = RankingFigures.Of(all.Where(e => e.Set == RankingExample.Realistic), heldOut);
            overall.Add(v.Name, v.FittedOn, Report.Percent(squad.Top1), Report.Percent(squad.Top3), Report.Fixed(squad.Mrr, 3), Report.Percent(realistic.Top1), Report.Percent(realistic.Top3), Report.Fixed(realistic.Mrr, 3));
            kinds.Add([v.Name, .. Kinds.Select(k => Cell(RankingFigures.Of(all.Where(e => e.Set == RankingExample.Realistic && e.Kind == k), heldOut)))]);
            halves.Add(
                v.Name,
                Cell(RankingFigures.Of(fold1.Where(e => e.Set == RankingExample.Squad), scoredOn1)),
                Cell(RankingFigures.Of(fold0.Where(e => e.Set == RankingExample.Squad), scoredOn0)),
                Cell(RankingFigures.Of(fold1.Where(e => e.Set == RankingExample.Realistic), scoredOn1)),
                Cell(RankingFigures.Of(fold0.Where(e => e.Set == RankingExample.Realistic), scoredOn0)));
        }

        Report.Heading($"{title}: held-out ranking, both sets");
        overall.Print();
        Report.Heading($"{title}: held-out ranking of the realistic set by kind (questions: {string.Join(", ", Kinds.Select(k => $"{k} {all.Count(e => e.Set == RankingExample.Realistic && e.Kind == k)}"))})");
        kinds.Print();
        Report.Heading($"{title}: each held-out half (top-1 / top-3 % / MRR)");
        halves.Print();
    }

    private static void PrintWeights(string title, IReadOnlyList<RankingExample> all, IReadOnlyList<LinearConfig> configs, double[] today, Func<bool[], IEnumerable<double[]>> starts)
    {
        Report.Progress($"{title}: fitting every linear variant on all questions");
        var fitted = configs.Select(c => LinearRankerFit.Fit(all, ExampleWeights(all, c.RealisticShare), starts(c.Free), c.Free)).ToList();
        Report.Heading($"{title}: linear weights fitted on all questions of both sets");
        var table = new TextTable(["feature", "today", .. configs.Select(c => c.Name)]);
        for (int i = 0; i < TriedFeatures.Total; i++)
        {
            table.Add([TriedFeatures.Names[i], Report.Fixed(today[i], 3), .. fitted.Select(w => Report.Fixed(w[i], 3))]);
        }

        table.Print();
        Report.Note("");
        for (int c = 0; c < configs.Count; c++)
        {
            var w = fitted[c];
            var squad = RankingFigures.Of(all.Where(e => e.Set == RankingExample.Squad), LinearRankerFit.Scorer(w));
            var realistic = RankingFigures.Of(all.Where(e => e.Set == RankingExample.Realistic), LinearRankerFit.Scorer(w));
            // Core's RankingWeights holds its own features only; a fit that leans on tried ones shows them after a bar.
            bool usesTried = w.Skip(RankingFeatures.Count).Any(x => x != 0);
            string values = Format(w.Take(RankingFeatures.Count)) + (usesTried ? " | " + Format(w.Skip(RankingFeatures.Count)) : "");
            Report.Note($"{configs[c].Name}: new(new[] {{ {values} }}) — on all (not held out): SQuAD top-1 {Report.Percent(squad.Top1)} %, realistic top-1 {Report.Percent(realistic.Top1)} %");
        }
    }

    private static Variant Fixed(string name, CandidateScorer scorer) => new(name, "-", (_, _) => scorer);

    private static Variant LinearVariant(LinearConfig config, double[] today) => new(
        config.Name,
        config.RealisticShare == 0 ? "SQuAD" : "SQuAD + realistic",
        (train, _) => LinearRankerFit.Scorer(LinearRankerFit.Fit(train, ExampleWeights(train, config.RealisticShare), LinearStarts(today, config.Free), config.Free)));

    private static Variant LightGbmVariant(string name, double share, bool[] used, LightGbmSettings settings) => new(
        name,
        share == 0 ? "SQuAD" : "SQuAD + realistic",
        (train, test) =>
        {
            var weights = ExampleWeights(train, share);
            // LightGBM's leaf limits count weight, so SQuAD's questions weigh 1 and the realistic ones what the share asks.
            double scale = 1 / weights.Where((w, i) => train[i].Set == RankingExample.Squad).DefaultIfEmpty(1).First();
            var kept = Enumerable.Range(0, train.Count).Where(i => weights[i] > 0).ToList();
            var ranker = LightGbmRanker.Train(kept.Select(i => train[i]).ToList(), kept.Select(i => weights[i] * scale).ToList(), used, settings);
            return ranker.ScorerFor(test);
        });

    /// <summary>
    /// Three starts, since coordinate ascent stops at the first local best: today's weights, meaning
    /// alone (coverage alone without meaning), and coverage, context and meaning alike; features not
    /// free start at 0.
    /// </summary>
    private static IEnumerable<double[]> LinearStarts(double[] today, bool[] free)
    {
        yield return today.Select((w, i) => free[i] ? w : 0).ToArray();
        var single = new double[free.Length];
        single[free[Meaning] ? Meaning : 1] = 1;
        yield return single;
        var even = new double[free.Length];
        foreach (int i in new[] { 1, 2, Meaning })
        {
            even[i] = free[i] ? 1 : 0;
        }

        yield return even;
    }

    /// <summary>Per-question weights: SQuAD's questions share 1 − <paramref name="realisticShare"/> of the objective, the realistic ones the rest.</summary>
    private static double[] ExampleWeights(IReadOnlyList<RankingExample> examples, double realisticShare)
    {
        int squad = examples.Count(e => e.Set == RankingExample.Squad);
        int realistic = examples.Count - squad;
        return examples.Select(e => e.Set == RankingExample.Squad
            ? (1 - realisticShare) / Math.Max(1, squad)
            : realisticShare / Math.Max(1, realistic)).ToArray();
    }

    /// <summary>
    /// Reciprocal rank fusion: 1/(k + rank by BM25) + 1/(k + rank by meaning), ranks among the
    /// candidates from 1; a candidate only meaning proposed (BM25 0) gets nothing from BM25.
    /// </summary>
    private static double[] Fusion(RankingExample e, int k)
    {
        int n = e.Features.Length;
        var scores = new double[n];
        var byBm25 = Enumerable.Range(0, n).OrderByDescending(c => e.Features[c][Bm25]).ToArray();
        var byMeaning = Enumerable.Range(0, n).OrderByDescending(c => e.Features[c][Meaning]).ToArray();
        for (int r = 0; r < n; r++)
        {
            if (e.Features[byBm25[r]][Bm25] > 0)
            {
                scores[byBm25[r]] += 1.0 / (k + r + 1);
            }

            if (e.Features[byMeaning[r]][Meaning] != 0)
            {
                scores[byMeaning[r]] += 1.0 / (k + r + 1);
            }
        }

        return scores;
    }

    private static bool[] Mask(Func<int, bool> free) => Enumerable.Range(0, TriedFeatures.Total).Select(free).ToArray();

    /// <summary>Core's weights with 0 for the tried features.</summary>
    private static double[] Widen(IReadOnlyList<double> weights) => [.. weights, .. new double[TriedFeatures.Count]];

    private static int Fold(IEnumerable<RankingExample> examples, int fold) => examples.Count(e => e.Fold == fold);

    private static string Reach(IReadOnlyList<RankingExample> examples) => $"{Report.Percent(examples.Count(e => e.Reachable), examples.Count)} %";

    private static string Cell(RankingFigures f) => f.Questions == 0 ? "-" : $"{Report.Percent(f.Top1)} / {Report.Percent(f.Top3)} / {Report.Fixed(f.Mrr, 3)}";

    private static string Share(double share) => share.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Format(IEnumerable<double> weights) =>
        string.Join(", ", weights.Select(w => w.ToString("0.###", CultureInfo.InvariantCulture)));
}
