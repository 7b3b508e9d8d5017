using System.Diagnostics;
using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Bench.Ranking;
using PolicyBot.Core.Answering;

namespace PolicyBot.Bench.Quality;

/// <summary>
/// Answer-sentence retrieval on SQuAD v1.1: for each question, the rank of the first sentence that
/// contains an answer string, for our ranker (<c>QuestionAnswerer.Rank</c>) and for plain BM25 over the
/// very sentences the library indexed.
/// </summary>
internal sealed class SquadRetrieval(SquadData data, int? limit)
{
    /// <summary>The <c>squad</c> command: part (b) of <c>quality</c> alone, with the meaning-alone rankers beside (with <c>--semantic</c>).</summary>
    public static async Task<int> RunCommandAsync(BenchOptions options, BenchPaths paths, CancellationToken ct)
    {
        Report.CommandLine(options.Arguments);
        using var temp = new TempFolder("squad", options.Keep);
        var squad1 = SquadData.Load(paths.Data(BenchPaths.Squad1File));
        await new SquadRetrieval(squad1, options.Limit).RunAsync(temp.Sub("squad1"), options.Semantic, options.Encoder, ct, meaningAlone: true);
        return 0;
    }

    /// <param name="meaningAlone">Also rank by meaning alone (<see cref="AnswererSet"/>).</param>
    public async Task RunAsync(string folder, bool semantic, PolicyBot.Core.Semantic.SentenceEncoderKind encoder, CancellationToken ct, bool meaningAlone = false)
    {
        using var corpus = SquadCorpus.Build(data.Articles, folder, ct);
        var library = corpus.Library;
        var sentences = LibrarySentences.Enumerate(library);
        var bm25 = new PlainBm25(sentences.Select(s => s.Text).ToList());
        using var answerers = await AnswererSet.CreateAsync(library, semantic, ct, encoder: encoder, meaningAlone: meaningAlone);
        var questions = Sampling.Spread(data.Questions.Where(q => !q.Impossible).ToList(), limit);

        var rankers = answerers.All.Select(a => new Ranker(a.Name)).ToList();
        var plain = new Ranker("plain BM25, all sentences (same run)");
        var plainOwn = new Ranker("plain BM25, question's own article only");
        var byType = new Dictionary<AnswerType, int[]>();
        int reachable = 0;
        foreach (var q in questions)
        {
            ct.ThrowIfCancellationRequested();
            reachable += sentences.Any(s => corpus.ArticleIndexOf(s.ArticleId) == q.ArticleIndex && q.IsAnsweredBy(s.Text)) ? 1 : 0;
            var type = AnswerTypes.Classify(q.Text);
            if (!byType.TryGetValue(type, out var top1))
            {
                byType[type] = top1 = new int[rankers.Count + 2];
            }

            top1[0]++;
            for (int i = 0; i < rankers.Count; i++)
            {
                var answerer = answerers.All[i].Answerer;
                int? rank = rankers[i].Add(() => answerer.Rank(q.Text, ct), c => q.IsAnsweredBy(c.Hit.Text));
                top1[i + 1] += rank == 1 ? 1 : 0;
            }

            int? plainRank = plain.Add(() => bm25.Search(q.Text, RankingScore.Depth), d => q.IsAnsweredBy(sentences[d].Text));
            top1[^1] += plainRank == 1 ? 1 : 0;
            plainOwn.Add(() => bm25.Search(q.Text, RankingScore.Depth, d => corpus.ArticleIndexOf(sentences[d].ArticleId) == q.ArticleIndex), d => q.IsAnsweredBy(sentences[d].Text));
        }

        Report.Heading($"SQuAD v1.1 dev half: answer-sentence retrieval ({questions.Count} questions, {data.Articles.Count} articles, {library.SentenceCount} indexed sentences)");
        if (sentences.Count != library.SentenceCount)
        {
            Report.Note($"WARNING: enumerated {sentences.Count} sentences but the index holds {library.SentenceCount}.");
        }

        var table = new TextTable("ranker", "top-1 %", "top-3 %", "MRR@10", "ms/question");
        foreach (var r in rankers.Append(plain).Append(plainOwn))
        {
            table.Add(r.Name, Report.Percent(r.Score.Top1), Report.Percent(r.Score.Top3), Report.Fixed(r.Score.Mrr, 3), Report.Fixed(r.Time.Elapsed.TotalMilliseconds / Math.Max(1, questions.Count), 2));
        }

        table.Print();
        Report.Note("");
        Report.Note($"Questions whose answer string occurs inside a sentence of their own article (the ceiling): {reachable}/{questions.Count} ({Report.Percent(reachable, questions.Count)}%).");
        Report.Note("Correct = the sentence contains one of the question's answer strings (case-insensitive). All rankers see the same sentences; ours via QuestionAnswerer.Rank.");

        Report.Heading("SQuAD v1.1 top-1 % by question type (AnswerTypes.Classify)");
        var types = new TextTable(["type", "questions", .. rankers.Select(r => r.Name), "plain BM25"]);
        foreach (var (type, top1) in byType.OrderByDescending(kv => kv.Value[0]))
        {
            types.Add([type, top1[0], .. top1.Skip(1).Select(n => Report.Percent(n, top1[0]))]);
        }

        types.Print();
    }

    /// <summary>One ranker's score and time.</summary>
    private sealed class Ranker(string name)
    {
        public string Name { get; } = name;

        public RankingScore Score { get; } = new();

        public Stopwatch Time { get; } = new();

        public int? Add<T>(Func<IEnumerable<T>> rank, Func<T, bool> correct)
        {
            Time.Start();
            var ranked = rank().Take(RankingScore.Depth).ToList();
            Time.Stop();
            return Score.Add(ranked, correct);
        }
    }
}
