using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Bench.Quality;

/// <summary>
/// The <c>tune</c> command: fits the linear ranker's weights (<see cref="RankingWeights"/>) by
/// coordinate ascent on MRR@10 over SQuAD v1.1 dev-half questions. To see whether the weights
/// generalise, it first fits on the even-numbered articles and scores the odd ones, and the other
/// way round; then it fits on all of them and prints the weights to put in RankingWeights.Default.
/// </summary>
internal sealed class RankerTuning(BenchOptions options, BenchPaths paths)
{
    private sealed record Example(int ArticleIndex, double[][] Features, bool[] Correct);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        Report.CommandLine(options.Arguments);
        using var temp = new TempFolder("tune", options.Keep);
        var squad = SquadData.Load(paths.Data(BenchPaths.Squad1File));
        using var corpus = SquadCorpus.Build(squad.Articles, temp.Sub("squad1"), ct);
        var library = corpus.Library;
        using var semantic = new SemanticIndex(library, MiniLmSentenceEncoder.Shared, path: null);
        Report.Progress($"computing meaning vectors for {library.SentenceCount} sentences");
        await semantic.BuildAsync(new ConsoleProgress("meaning vectors: articles"), ct);
        var answerer = new QuestionAnswerer(library, new AnswerOptions(), semantic);

        var questions = Sampling.Spread(squad.Questions.Where(q => !q.Impossible).ToList(), options.Limit);
        var examples = new List<Example>(questions.Count);
        int reachable = 0;
        Report.Progress($"ranking {questions.Count} questions");
        foreach (var q in questions)
        {
            ct.ThrowIfCancellationRequested();
            var candidates = answerer.Rank(q.Text, ct);
            var correct = candidates.Select(c => q.IsAnsweredBy(c.Hit.Text)).ToArray();
            reachable += correct.Any(x => x) ? 1 : 0;
            var features = candidates.Select(c => Enumerable.Range(0, RankingFeatures.Count).Select(i => c.Features[i]).ToArray()).ToArray();
            examples.Add(new Example(q.ArticleIndex, features, correct));
        }

        Report.Heading($"Ranker tuning on SQuAD v1.1 dev half ({questions.Count} questions, {library.SentenceCount} sentences)");
        Report.Note($"Questions with a correct sentence among the candidates (the re-ranking ceiling): {reachable}/{questions.Count} ({Report.Percent(reachable, questions.Count)}%).");
        Report.Note("");

        var current = RankingWeights.WithMeaning.Values.ToArray();
        var even = examples.Where(e => e.ArticleIndex % 2 == 0).ToList();
        var odd = examples.Where(e => e.ArticleIndex % 2 == 1).ToList();
        var fitEven = Fit(even, current);
        var fitOdd = Fit(odd, current);
        var fitAll = Fit(examples, current);

        var table = new TextTable("weights", "fitted on", "scored on", "top-1 %", "top-3 %", "MRR@10");
        void Row(string name, string fittedOn, string scoredOn, double[] w, List<Example> set)
        {
            var (top1, top3, mrr) = Score(set, w);
            table.Add(name, fittedOn, scoredOn, Report.Percent(top1), Report.Percent(top3), Report.Fixed(mrr, 3));
        }

        Row("current default", "-", "all", current, examples);
        Row("fitted", "even articles", "odd articles (held out)", fitEven, odd);
        Row("fitted", "odd articles", "even articles (held out)", fitOdd, even);
        Row("current default", "-", "odd articles", current, odd);
        Row("current default", "-", "even articles", current, even);
        Row("fitted", "all", "all", fitAll, examples);
        table.Print();

        Report.Heading("Weights");
        var weights = new TextTable("feature", "current", "fitted (even)", "fitted (odd)", "fitted (all)");
        for (int i = 0; i < RankingFeatures.Count; i++)
        {
            weights.Add(RankingFeatures.Names[i], Report.Fixed(current[i], 3), Report.Fixed(fitEven[i], 3), Report.Fixed(fitOdd[i], 3), Report.Fixed(fitAll[i], 3));
        }

        weights.Print();
        Report.Note("");
        Report.Note("WithMeaning = new(new[] { " + Format(fitAll) + " })");

        // The same fit for a library without meaning vectors (switched off, or too large).
        var wordsOnly = examples.Select(e => e with { Features = e.Features.Select(WithoutMeaning).ToArray() }).ToList();
        var wordsStart = RankingWeights.WordsOnly.Values.ToArray();
        var wordsEven = Fit(wordsOnly.Where(e => e.ArticleIndex % 2 == 0).ToList(), wordsStart);
        var wordsOdd = Fit(wordsOnly.Where(e => e.ArticleIndex % 2 == 1).ToList(), wordsStart);
        var wordsAll = Fit(wordsOnly, wordsStart);
        Report.Heading("Words only (meaning features zeroed)");
        var words = new TextTable("weights", "fitted on", "scored on", "top-1 %", "top-3 %", "MRR@10");
        void WordsRow(string name, string fittedOn, string scoredOn, double[] w, List<Example> set)
        {
            var (top1, top3, mrr) = Score(set, w);
            words.Add(name, fittedOn, scoredOn, Report.Percent(top1), Report.Percent(top3), Report.Fixed(mrr, 3));
        }

        WordsRow("current words-only default", "-", "all", wordsStart, wordsOnly);
        WordsRow("fitted", "even articles", "odd articles (held out)", wordsEven, wordsOnly.Where(e => e.ArticleIndex % 2 == 1).ToList());
        WordsRow("fitted", "odd articles", "even articles (held out)", wordsOdd, wordsOnly.Where(e => e.ArticleIndex % 2 == 0).ToList());
        WordsRow("fitted", "all", "all", wordsAll, wordsOnly);
        words.Print();
        Report.Note("");
        Report.Note("WordsOnly = new(new[] { " + Format(wordsAll) + " })");
        return 0;
    }

    private static double[] WithoutMeaning(double[] features)
    {
        var copy = features.ToArray();
        copy[5] = 0; // meaning
        copy[6] = 0; // neighbour meaning
        return copy;
    }

    private static string Format(double[] weights) =>
        string.Join(", ", weights.Select(w => w.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Coordinate ascent on MRR@10 (ties broken by top-1) with shrinking steps; weights stay non-negative.</summary>
    private static double[] Fit(List<Example> examples, double[] start)
    {
        var w = start.ToArray();
        double best = Objective(examples, w);
        foreach (double step in new[] { 0.4, 0.2, 0.1, 0.05, 0.025 })
        {
            bool improved = true;
            for (int pass = 0; improved && pass < 6; pass++)
            {
                improved = false;
                for (int i = 0; i < w.Length; i++)
                {
                    foreach (double delta in new[] { step, -step })
                    {
                        double old = w[i];
                        w[i] = Math.Max(0, old + delta);
                        double value = Objective(examples, w);
                        if (value > best + 1e-9)
                        {
                            best = value;
                            improved = true;
                        }
                        else
                        {
                            w[i] = old;
                        }
                    }
                }
            }
        }

        return w;
    }

    private static double Objective(List<Example> examples, double[] w)
    {
        var (top1, _, mrr) = Score(examples, w);
        return mrr + 0.1 * top1;
    }

    private static (double Top1, double Top3, double Mrr) Score(List<Example> examples, double[] w)
    {
        double top1 = 0, top3 = 0, mrr = 0;
        foreach (var e in examples)
        {
            int n = e.Features.Length;
            if (n == 0)
            {
                continue;
            }

            var scores = new double[n];
            for (int c = 0; c < n; c++)
            {
                double s = 0;
                var f = e.Features[c];
                for (int i = 0; i < w.Length; i++)
                {
                    s += w[i] * f[i];
                }

                scores[c] = s;
            }

            // Rank of the first correct candidate: 1 + how many candidates outscore it (ties count against).
            int bestRank = int.MaxValue;
            for (int c = 0; c < n; c++)
            {
                if (!e.Correct[c])
                {
                    continue;
                }

                int rank = 1;
                for (int o = 0; o < n; o++)
                {
                    if (o != c && (scores[o] > scores[c] || (scores[o] == scores[c] && o < c)))
                    {
                        rank++;
                    }
                }

                bestRank = Math.Min(bestRank, rank);
            }

            if (bestRank == 1)
            {
                top1++;
            }

            if (bestRank <= 3)
            {
                top3++;
            }

            if (bestRank <= 10)
            {
                mrr += 1.0 / bestRank;
            }
        }

        int count = Math.Max(1, examples.Count);
        return (top1 / count, top3 / count, mrr / count);
    }
}
