using System.Globalization;
using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Bench.Quality;

/// <summary>
/// The <c>calibrate</c> command: fits <see cref="ConfidenceModel"/> — the probability that the top
/// passage answers the question — on SQuAD v1.1, SQuAD 2.0 (its impossible questions are never
/// answered right) and the realistic set together (shares of the fit in <see cref="SourceShare"/>). Two folds
/// by article give held-out predictions for every question: their reliability table per source, and
/// what each MinConfidence would do, are what the default threshold is chosen from. Then it fits on
/// everything and prints the coefficients to put in ConfidenceModel.
/// </summary>
internal sealed class Calibration(BenchOptions options, BenchPaths paths)
{
    private const string Squad1 = "SQuAD v1.1";
    private const string Squad2 = "SQuAD 2.0";
    private const string Realistic = "realistic";
    private static readonly double[] Thresholds = [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8];

    /// <summary>One question's top candidate: its confidence features and whether it answers the question.</summary>
    private sealed record Example(string Source, int Fold, bool Answerable, string Kind, double[] Features, bool Right);

    private sealed record Mode(string Name, List<Example> Examples, ConfidenceModel Current);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        Report.CommandLine(options.Arguments);
        Report.Note($"meaning by {options.Encoder}");
        using var temp = options.WorkDir is null ? new TempFolder("calibrate", options.Keep) : null;
        string work = options.WorkDir is { } w ? Path.GetFullPath(w) : temp!.Path;
        var meaning = new List<Example>();
        var words = new List<Example>();

        foreach (var (source, file) in new[] { (Squad1, BenchPaths.Squad1File), (Squad2, BenchPaths.Squad2File) })
        {
            var data = SquadData.Load(paths.Data(file));
            string folder = Path.Combine(work, source == Squad1 ? "squad1" : "squad2");
            Directory.CreateDirectory(Path.Combine(folder, "articles"));
            using var corpus = SquadCorpus.Build(data.Articles, Path.Combine(folder, "articles"), ct);
            var questions = Sampling.Spread(source == Squad1 ? data.Questions.Where(q => !q.Impossible).ToList() : data.Questions, options.Limit);
            await CollectAsync(corpus.Library, options.Encoder, Path.Combine(folder, SentenceEncoders.VectorsFileName(options.Encoder)), questions.Select(q =>
                new Asked(q.Text, source, q.ArticleIndex % 2, !q.Impossible, q.Impossible ? QuestionKinds.Unanswerable : "squad", c => !q.Impossible && q.IsAnsweredBy(c.Hit.Text))).ToList(), meaning, words, ct);
        }

        var collection = BbcCollection.Load(paths.Data(BenchPaths.BbcFile));
        var realistic = RealisticQuestion.Load(Path.Combine(paths.RepoRoot, DevSetCheck.DefaultFile));
        string bbcFolder = Path.Combine(work, "bbc-realistic");
        Directory.CreateDirectory(bbcFolder);
        using (var library = BbcLibrary.Open(collection, bbcFolder, ct))
        {
            await CollectAsync(library, options.Encoder, BbcLibrary.VectorsPath(bbcFolder, options.Encoder), realistic.Select(q =>
            {
                var judge = RealisticEvaluation.Judge(q, collection);
                return new Asked(q.Question, Realistic, ArticleFold(q.ArticleId), q.Answerable, q.Kind, judge);
            }).ToList(), meaning, words, ct);
        }

        foreach (var mode in new[] { new Mode("words + meaning", meaning, ConfidenceModel.WithMeaning), new Mode("words only", words, ConfidenceModel.WordsOnly) })
        {
            Evaluate(mode);
        }

        return 0;
    }

    private sealed record Asked(string Text, string Source, int Fold, bool Answerable, string Kind, Func<QuestionAnswerer.Candidate, bool> IsRight);

    private static async Task CollectAsync(ArticleLibrary library, SentenceEncoderKind encoder, string vectorsPath, IReadOnlyList<Asked> questions, List<Example> meaning, List<Example> words, CancellationToken ct)
    {
        using var semantic = new SemanticIndex(library, SentenceEncoders.Shared(encoder), vectorsPath);
        Report.Progress($"{questions[0].Source}: meaning vectors for {library.SentenceCount} sentences ({semantic.MissingArticles} articles to compute)");
        await semantic.BuildAsync(new ConsoleProgress("meaning vectors: articles"), ct);
        var withMeaning = new QuestionAnswerer(library, new AnswerOptions { Semantic = true, Encoder = encoder.ToString() }, semantic);
        var wordsOnly = new QuestionAnswerer(library, new AnswerOptions { Semantic = false });
        Report.Progress($"{questions[0].Source}: ranking {questions.Count} questions twice");
        foreach (var q in questions)
        {
            ct.ThrowIfCancellationRequested();
            meaning.Add(Top(withMeaning.Rank(q.Text, ct), q));
            words.Add(Top(wordsOnly.Rank(q.Text, ct), q));
        }
    }

    private static Example Top(IReadOnlyList<QuestionAnswerer.Candidate> ranked, Asked q)
    {
        // No candidate at all: every feature 0 (the model then gives its floor), never right.
        var features = ranked.Count == 0 ? new double[ConfidenceFeatures.Count] : Enumerable.Range(0, ConfidenceFeatures.Count).Select(i => ranked[0].ConfidenceFeatures[i]).ToArray();
        return new Example(q.Source, q.Fold, q.Answerable, q.Kind, features, ranked.Count > 0 && q.Answerable && q.IsRight(ranked[0]));
    }

    /// <summary>Two folds by article: "business/093" → 1.</summary>
    private static int ArticleFold(string articleId) =>
        int.TryParse(articleId.AsSpan(articleId.LastIndexOf('/') + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n % 2 : articleId.Length % 2;

    private static void Evaluate(Mode mode)
    {
        var examples = mode.Examples;
        var sources = examples.Select(e => e.Source).Distinct().ToList();
        Report.Heading($"Calibration, {mode.Name}: {string.Join(", ", sources.Select(s => $"{s} {examples.Count(e => e.Source == s)}"))} questions; shares of the fit: {string.Join(", ", SourceShare.Select(kv => $"{kv.Key} {kv.Value:0.0}"))}");

        // Held out: each fold's predictions come from a model fitted on the other fold.
        var heldOut = new double[examples.Count];
        for (int fold = 0; fold < 2; fold++)
        {
            var (bias, weights) = LogisticFit.Fit(Points(examples.Where(e => e.Fold != fold).ToList()));
            for (int i = 0; i < examples.Count; i++)
            {
                if (examples[i].Fold == fold)
                {
                    heldOut[i] = LogisticFit.Predict(bias, weights, examples[i].Features);
                }
            }
        }

        var current = examples.Select(e => mode.Current.Probability(ToFeatures(e.Features))).ToArray();
        foreach (string source in sources)
        {
            var idx = Enumerable.Range(0, examples.Count).Where(i => examples[i].Source == source).ToList();
            Report.Heading($"{mode.Name}, {source}: held-out reliability (fitted on the other fold of every source)");
            RealisticEvaluation.PrintReliability(idx.Select(i => (heldOut[i], examples[i].Right)).ToList());
            Report.Note($"With the model in ConfidenceModel now (not held out): Brier {Report.Fixed(idx.Average(i => Math.Pow(current[i] - (examples[i].Right ? 1 : 0), 2)), 3)}.");
            Report.Note("");
            PrintThresholds(idx.Select(i => (examples[i], heldOut[i])).ToList());
        }

        var (allBias, allWeights) = LogisticFit.Fit(Points(examples));
        Report.Heading($"{mode.Name}: fitted on everything");
        var table = new TextTable("feature", "weight");
        table.Add("(bias)", Report.Fixed(allBias, 3));
        for (int i = 0; i < allWeights.Length; i++)
        {
            table.Add(ConfidenceFeatures.Names[i], Report.Fixed(allWeights[i], 3));
        }

        table.Print();
        string name = mode.Current == ConfidenceModel.WithMeaning ? "WithMeaning" : "WordsOnly";
        Report.Note($"{name} {{ get; }} = new({Format(allBias)}, new[] {{ {string.Join(", ", allWeights.Select(Format))} }});");
    }

    private static void PrintThresholds(List<(Example Example, double Score)> rows)
    {
        var answerable = rows.Where(r => r.Example.Answerable).ToList();
        var unanswerable = rows.Where(r => !r.Example.Answerable).ToList();
        var table = new TextTable("MinConfidence", "answerable answered %", "answers right %", "unanswerable declined %");
        foreach (double t in Thresholds)
        {
            int answered = rows.Count(r => r.Score >= t);
            int right = rows.Count(r => r.Score >= t && r.Example.Right);
            table.Add(
                Report.Fixed(t, 2),
                Report.Percent(answerable.Count(r => r.Score >= t), answerable.Count),
                Report.Percent(right, answered),
                unanswerable.Count == 0 ? "-" : Report.Percent(unanswerable.Count(r => r.Score < t), unanswerable.Count));
        }

        table.Print();
        Report.Note($"Top passage right (any threshold): {Report.Percent(answerable.Count(r => r.Example.Right), answerable.Count)}% of the answerable questions.");
    }

    // Each source's share of the fit. The realistic set and SQuAD 2.0 carry unanswerable questions, as a
    // team's questions do; SQuAD v1.1's are all answerable and were written looking at the paragraph.
    private static readonly Dictionary<string, double> SourceShare = new(StringComparer.Ordinal) { [Squad1] = 0.2, [Squad2] = 0.4, [Realistic] = 0.4 };

    /// <summary>Each source's examples share its weight equally, scaled so the weights sum to the number of examples.</summary>
    private static List<LabelledPoint> Points(List<Example> examples)
    {
        var perSource = examples.GroupBy(e => e.Source).ToDictionary(g => g.Key, g => g.Count());
        double total = perSource.Keys.Sum(k => SourceShare[k]);
        return examples.Select(e => new LabelledPoint(e.Features, e.Right, examples.Count * SourceShare[e.Source] / total / perSource[e.Source])).ToList();
    }

    private static ConfidenceFeatures ToFeatures(double[] f) =>
        new(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14], f[15]);

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
