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
    public static async Task<ExampleSet> SquadAsync(BenchPaths paths, string folder, int? limit, SentenceEncoderKind encoder, CancellationToken ct)
    {
        var squad = SquadData.Load(paths.Data(BenchPaths.Squad1File));
        using var corpus = SquadCorpus.Build(squad.Articles, folder, ct);
        var library = corpus.Library;
        using var semantic = new SemanticIndex(library, SentenceEncoders.Shared(encoder), path: null);
        Report.Progress($"SQuAD: computing {encoder} meaning vectors for {library.SentenceCount} sentences");
        await semantic.BuildAsync(new ConsoleProgress("meaning vectors: articles"), ct);
        var meaning = new QuestionAnswerer(library, new AnswerOptions(), semantic);
        var words = new QuestionAnswerer(library, new AnswerOptions { Semantic = false });

        var questions = Sampling.Spread(squad.Questions.Where(q => !q.Impossible).ToList(), limit);
        var articleTerms = new ArticleTerms(library);
        Report.Progress($"SQuAD: ranking {questions.Count} questions");
        var withMeaning = new List<RankingExample>(questions.Count);
        var wordsOnly = new List<RankingExample>(questions.Count);
        foreach (var q in questions)
        {
            ct.ThrowIfCancellationRequested();
            int fold = q.ArticleIndex % 2;
            withMeaning.Add(Example(RankingExample.Squad, "all", fold, meaning, q.Text, articleTerms, c => q.IsAnsweredBy(c.Hit.Text), ct));
            wordsOnly.Add(Example(RankingExample.Squad, "all", fold, words, q.Text, articleTerms, c => q.IsAnsweredBy(c.Hit.Text), ct));
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
    public static async Task<ExampleSet> RealisticAsync(BenchPaths paths, string file, string folder, SentenceEncoderKind encoder, CancellationToken ct)
    {
        var questions = RealisticQuestion.Load(file).Where(q => q.Answerable).ToList();
        var collection = BbcCollection.Load(paths.Data(BenchPaths.BbcFile));
        Directory.CreateDirectory(folder);
        Report.Progress($"BBC: indexing {collection.Articles.Count} articles in {folder}");
        using var library = BbcLibrary.Open(collection, folder, ct);
        using var semantic = new SemanticIndex(library, SentenceEncoders.Shared(encoder), BbcLibrary.VectorsPath(folder, encoder));
        Report.Progress($"BBC: meaning vectors for {library.SentenceCount} sentences ({semantic.MissingArticles} articles to compute)");
        await semantic.BuildAsync(new ConsoleProgress("meaning vectors: articles"), ct);
        var meaning = new QuestionAnswerer(library, new AnswerOptions(), semantic);
        var words = new QuestionAnswerer(library, new AnswerOptions { Semantic = false });

        // The set's writers used odd-numbered articles almost only, so articles alternate between the folds in id order.
        var foldOf = questions.Select(q => q.ArticleId).Distinct().Order(StringComparer.Ordinal)
            .Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i % 2, StringComparer.Ordinal);
        var articleTerms = new ArticleTerms(library);
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
            withMeaning.Add(Example(RankingExample.Realistic, q.Kind, fold, meaning, q.Question, articleTerms, Correct, ct));
            wordsOnly.Add(Example(RankingExample.Realistic, q.Kind, fold, words, q.Question, articleTerms, Correct, ct));
        }

        return new ExampleSet(withMeaning, wordsOnly, library.SentenceCount);
    }

    private static RankingExample Example(string set, string kind, int fold, QuestionAnswerer answerer, string question, ArticleTerms articleTerms, Func<QuestionAnswerer.Candidate, bool> correct, CancellationToken ct)
    {
        var candidates = answerer.Rank(question, out var profile, null, null, ct);
        var rows = TriedFeatures.Append(candidates.Select(c => Enumerable.Range(0, RankingFeatures.Count).Select(i => c.Features[i]).ToArray()).ToList());
        if (profile is not null)
        {
            for (int c = 0; c < candidates.Count; c++)
            {
                var (detail, rarest) = articleTerms.LocalDetail(profile, candidates[c].Hit.Article.Id, candidates[c].Hit.Text);
                rows[c][TriedFeatures.LocalDetail] = detail;
                rows[c][TriedFeatures.LocalRarest] = rarest;
            }
        }

        return new(set, kind, fold, rows, candidates.Select(correct).ToArray());
    }
}

/// <summary>
/// Where in its own article a candidate stands on the question's words: a word every sentence of the
/// article repeats (the company the story is about) does not tell its sentences apart, the asked detail
/// does. Tried as ranking features (<see cref="TriedFeatures.LocalDetail"/>, <see cref="TriedFeatures.LocalRarest"/>).
/// </summary>
internal sealed class ArticleTerms(ArticleLibrary library)
{
    private readonly Dictionary<string, List<HashSet<string>>> _sentences = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _terms = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Article, string Term), int> _counts = new();

    /// <summary>
    /// Detail: the share of the question's weight in the sentence, each term weighing its IDF times
    /// ln(1 + m / n) for an article of m sentences of which n hold it (terms the article lacks left out).
    /// Rarest: 1 when the sentence holds the question term fewest of the article's sentences hold.
    /// </summary>
    public (double Detail, double Rarest) LocalDetail(QuestionProfile q, string articleId, string sentence)
    {
        var sentences = SentencesOf(articleId);
        var inSentence = Terms(sentence);
        double total = 0, found = 0;
        string? rarest = null;
        int rarestCount = int.MaxValue;
        foreach (string t in q.Terms)
        {
            if (!_counts.TryGetValue((articleId, t), out int n))
            {
                _counts[(articleId, t)] = n = sentences.Count(s => s.Contains(t));
            }

            if (n == 0)
            {
                continue;
            }

            double w = q.Idf[t] * Math.Log(1 + (double)sentences.Count / n);
            total += w;
            found += inSentence.Contains(t) ? w : 0;
            if (n < rarestCount || (n == rarestCount && q.Idf[t] > q.Idf[rarest!]))
            {
                (rarest, rarestCount) = (t, n);
            }
        }

        return (total == 0 ? 0 : found / total, rarest is not null && inSentence.Contains(rarest) ? 1 : 0);
    }

    private List<HashSet<string>> SentencesOf(string articleId)
    {
        if (!_sentences.TryGetValue(articleId, out var list))
        {
            _sentences[articleId] = list = library.SentencesOf(articleId, 100_000).Select(h => Terms(h.Text)).ToList();
        }

        return list;
    }

    private HashSet<string> Terms(string text)
    {
        if (!_terms.TryGetValue(text, out var terms))
        {
            _terms[text] = terms = new HashSet<string>(TextAnalysis.Terms(library.Analyzer, text), StringComparer.Ordinal);
        }

        return terms;
    }
}

/// <summary>
/// Features tried beside Core's <see cref="RankingFeatures"/>, computed here from the question's whole
/// candidate list exactly as Core would (they did not pay on held-out data, so Core does not compute
/// them): where a candidate stands among the others. Each is in [0, 1].
/// </summary>
internal static class TriedFeatures
{
    public const int Count = 6;

    /// <summary>Core's features, then the tried ones: the width of an example's feature rows.</summary>
    public const int Total = RankingFeatures.Count + Count;

    public const int MeaningRank = RankingFeatures.Count;
    public const int Bm25Rank = RankingFeatures.Count + 1;
    public const int MeaningGap = RankingFeatures.Count + 2;
    public const int MeaningIfWordsMiss = RankingFeatures.Count + 3;

    /// <summary>Filled by <see cref="ArticleTerms.LocalDetail"/>, not by <see cref="Append"/>.</summary>
    public const int LocalDetail = RankingFeatures.Count + 4;
    public const int LocalRarest = RankingFeatures.Count + 5;

    /// <summary>How far below the best candidate's meaning similarity a candidate still scores on meaning-gap.</summary>
    private const double GapWidth = 0.2;

    private const int Bm25 = 0;
    private const int Coverage = 1;
    private const int Meaning = 5;

    public static readonly IReadOnlyList<string> Names = [.. RankingFeatures.Names, "meaning-rank", "bm25-rank", "meaning-gap", "meaning-if-words-miss", "local-detail", "local-rarest"];

    /// <summary>
    /// Each candidate's row with: its reciprocal rank by meaning and by BM25 among the candidates (1, 1/2,
    /// …; ties keep the order; 0 without a meaning vector, or by BM25 for a candidate only meaning
    /// proposed), its closeness to the best meaning similarity (1 at the best, 0 at <see cref="GapWidth"/>
    /// below it), and its meaning similarity times how badly the words match at best (1 − the best
    /// coverage), so that a question no sentence words well could lean on meaning.
    /// </summary>
    public static double[][] Append(IReadOnlyList<double[]> core)
    {
        int n = core.Count;
        var rows = core.Select(f => f.Concat(new double[Count]).ToArray()).ToArray();
        var byMeaning = Enumerable.Range(0, n).OrderByDescending(i => core[i][Meaning]).ToArray();
        var byBm25 = Enumerable.Range(0, n).OrderByDescending(i => core[i][Bm25]).ToArray();
        double best = n == 0 ? 0 : core[byMeaning[0]][Meaning];
        double wordsMiss = 1 - (n == 0 ? 0 : core.Max(f => f[Coverage]));
        for (int r = 0; r < n; r++)
        {
            var m = rows[byMeaning[r]];
            bool hasMeaning = m[Meaning] != 0;
            m[MeaningRank] = hasMeaning ? 1.0 / (1 + r) : 0;
            m[MeaningGap] = hasMeaning ? Math.Clamp(1 - (best - m[Meaning]) / GapWidth, 0, 1) : 0;
            m[MeaningIfWordsMiss] = Math.Max(0, m[Meaning]) * wordsMiss;
            var b = rows[byBm25[r]];
            b[Bm25Rank] = b[Bm25] > 0 ? 1.0 / (1 + r) : 0;
        }

        return rows;
    }
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
