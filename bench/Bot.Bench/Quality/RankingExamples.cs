using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Bench.Ranking;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Bench.Quality;

/// <summary>
/// One question as the ranker saw it: every candidate's <see cref="RankingFeatures"/> (in the order
/// <c>Rank</c> returned them) and whether it is a right sentence. <see cref="Fold"/> is 0 or 1: the
/// held-out checks fit on one fold and score the other.
/// </summary>
internal sealed record RankingExample(string Set, string Kind, int Fold, double[][] Features, bool[] Correct)
{
    public const string Squad = "SQuAD v1.1";
    public const string Realistic = "realistic";

    public bool Reachable => Correct.Any(c => c);
}

/// <summary>Both answerers' examples of one question set: words + meaning, and words only (its own candidates).</summary>
internal sealed record ExampleSet(IReadOnlyList<RankingExample> WithMeaning, IReadOnlyList<RankingExample> WordsOnly, int Sentences);

/// <summary>Ranks the tuning questions once with today's answerer and keeps what the fits need.</summary>
internal static class RankingExamples
{
    /// <summary>SQuAD v1.1 dev half, answerable questions; folds by article parity.</summary>
    public static async Task<ExampleSet> SquadAsync(BenchPaths paths, string folder, int? limit, CancellationToken ct)
    {
        var squad = SquadData.Load(paths.Data(BenchPaths.Squad1File));
        using var corpus = SquadCorpus.Build(squad.Articles, folder, ct);
        var library = corpus.Library;
        using var semantic = new SemanticIndex(library, MiniLmSentenceEncoder.Shared, path: null);
        Report.Progress($"SQuAD: computing meaning vectors for {library.SentenceCount} sentences");
        await semantic.BuildAsync(new ConsoleProgress("meaning vectors: articles"), ct);
        var meaning = new QuestionAnswerer(library, new AnswerOptions(), semantic);
        var words = new QuestionAnswerer(library, new AnswerOptions { Semantic = false });

        var questions = Sampling.Spread(squad.Questions.Where(q => !q.Impossible).ToList(), limit);
        Report.Progress($"SQuAD: ranking {questions.Count} questions");
        var withMeaning = new List<RankingExample>(questions.Count);
        var wordsOnly = new List<RankingExample>(questions.Count);
        foreach (var q in questions)
        {
            ct.ThrowIfCancellationRequested();
            int fold = q.ArticleIndex % 2;
            withMeaning.Add(Example(RankingExample.Squad, "all", fold, meaning.Rank(q.Text, ct), c => q.IsAnsweredBy(c.Hit.Text)));
            wordsOnly.Add(Example(RankingExample.Squad, "all", fold, words.Rank(q.Text, ct), c => q.IsAnsweredBy(c.Hit.Text)));
        }

        return new ExampleSet(withMeaning, wordsOnly, library.SentenceCount);
    }

    /// <summary>
    /// The answerable realistic questions over the whole BBC dev half; folds by article (the question's
    /// articles in id order, alternately), so both questions of an article fall in one fold.
    /// A candidate is right as in <see cref="RealisticEvaluation"/>: it holds the answer string and is a
    /// sentence of the question's article, of an article marked as its duplicate, or the same sentence
    /// copied into another article.
    /// </summary>
    public static async Task<ExampleSet> RealisticAsync(BenchPaths paths, string file, string folder, CancellationToken ct)
    {
        var questions = RealisticQuestion.Load(file).Where(q => q.Answerable).ToList();
        var collection = BbcCollection.Load(paths.Data(BenchPaths.BbcFile));
        Directory.CreateDirectory(folder);
        Report.Progress($"BBC: indexing {collection.Articles.Count} articles in {folder}");
        using var library = BbcLibrary.Open(collection, folder, ct);
        using var semantic = new SemanticIndex(library, MiniLmSentenceEncoder.Shared, BbcLibrary.VectorsPath(folder));
        Report.Progress($"BBC: meaning vectors for {library.SentenceCount} sentences ({semantic.MissingArticles} articles to compute)");
        await semantic.BuildAsync(new ConsoleProgress("meaning vectors: articles"), ct);
        var meaning = new QuestionAnswerer(library, new AnswerOptions(), semantic);
        var words = new QuestionAnswerer(library, new AnswerOptions { Semantic = false });

        // The set's writers used odd-numbered articles almost only, so articles alternate between the folds in id order.
        var foldOf = questions.Select(q => q.ArticleId).Distinct().Order(StringComparer.Ordinal)
            .Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i % 2, StringComparer.Ordinal);
        Report.Progress($"BBC: ranking {questions.Count} answerable realistic questions");
        var withMeaning = new List<RankingExample>(questions.Count);
        var wordsOnly = new List<RankingExample>(questions.Count);
        foreach (var q in questions)
        {
            ct.ThrowIfCancellationRequested();
            var articles = collection.DuplicatesOf(q.ArticleId).Append(q.ArticleId).ToHashSet(StringComparer.Ordinal);
            string? answerSentence = collection.Sentences(q.ArticleId).FirstOrDefault(q.IsAnsweredBy);
            bool Correct(QuestionAnswerer.Candidate c) =>
                q.IsAnsweredBy(c.Hit.Text) && (articles.Contains(c.Hit.Article.Id) || c.Hit.Text == answerSentence);
            int fold = foldOf[q.ArticleId];
            withMeaning.Add(Example(RankingExample.Realistic, q.Kind, fold, meaning.Rank(q.Question, ct), Correct));
            wordsOnly.Add(Example(RankingExample.Realistic, q.Kind, fold, words.Rank(q.Question, ct), Correct));
        }

        return new ExampleSet(withMeaning, wordsOnly, library.SentenceCount);
    }

    private static RankingExample Example(string set, string kind, int fold, IReadOnlyList<QuestionAnswerer.Candidate> candidates, Func<QuestionAnswerer.Candidate, bool> correct) =>
        new(
            set,
            kind,
            fold,
            candidates.Select(c => Enumerable.Range(0, RankingFeatures.Count).Select(i => c.Features[i]).ToArray()).ToArray(),
            candidates.Select(correct).ToArray());
}

/// <summary>Scores every candidate of one question; higher is better, ties go to the earlier candidate.</summary>
internal delegate double[] CandidateScorer(RankingExample example);

/// <summary>Top-1, top-3 and MRR@10 of a scorer over examples (a question without a right candidate counts as a miss).</summary>
internal readonly record struct RankingFigures(int Questions, double Top1, double Top3, double Mrr)
{
    public static RankingFigures Of(IEnumerable<RankingExample> examples, CandidateScorer scorer)
    {
        int n = 0, top1 = 0, top3 = 0;
        double mrr = 0;
        foreach (var e in examples)
        {
            n++;
            int rank = RankOfFirstRight(scorer(e), e.Correct);
            top1 += rank == 1 ? 1 : 0;
            top3 += rank is >= 1 and <= 3 ? 1 : 0;
            mrr += rank is >= 1 and <= RankingScore.Depth ? 1.0 / rank : 0;
        }

        return n == 0 ? new RankingFigures(0, 0, 0, 0) : new RankingFigures(n, (double)top1 / n, (double)top3 / n, mrr / n);
    }

    /// <summary>1-based rank of the best-placed right candidate, 0 when none is right.</summary>
    public static int RankOfFirstRight(double[] scores, bool[] correct)
    {
        int best = -1;
        for (int c = 0; c < scores.Length; c++)
        {
            if (correct[c] && (best < 0 || scores[c] > scores[best]))
            {
                best = c;
            }
        }

        if (best < 0)
        {
            return 0;
        }

        int rank = 1;
        for (int o = 0; o < scores.Length; o++)
        {
            if (scores[o] > scores[best] || (scores[o] == scores[best] && o < best))
            {
                rank++;
            }
        }

        return rank;
    }
}
