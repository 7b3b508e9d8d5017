using System.Diagnostics;
using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Bench.Ranking;
using PolicyBot.Core.Answering;

namespace PolicyBot.Bench.Quality;

/// <summary>What one answerer did with one realistic question.</summary>
internal sealed record RealisticOutcome(RealisticQuestion Question, int? Rank, double Confidence, bool Answered, bool TopRight, double Milliseconds, string? TopText, double TopMeaning = 0)
{
    /// <summary>A right outcome: an answerable question answered with a right top passage, or an unanswerable one declined.</summary>
    public bool Right => Question.Answerable ? Answered && TopRight : !Answered;
}

/// <summary>
/// The realistic development set over the whole BBC dev half: for each kind, where the right sentence
/// ranks, how often the bot answers, how often its answers are right, and (unanswerable questions) how
/// often it declines; then a reliability table of the score against what was observed.
/// </summary>
internal static class RealisticEvaluation
{
    /// <summary>Ranks every question; a candidate is right when it is a sentence of the question's article (or a duplicate of it) holding the answer string.</summary>
    public static IReadOnlyList<RealisticOutcome> Run(QuestionAnswerer answerer, IReadOnlyList<RealisticQuestion> questions, BbcCollection collection, CancellationToken ct)
    {
        var outcomes = new List<RealisticOutcome>(questions.Count);
        foreach (var q in questions)
        {
            ct.ThrowIfCancellationRequested();
            var correct = Judge(q, collection);
            var watch = Stopwatch.StartNew();
            var ranked = answerer.Rank(q.Question, ct);
            watch.Stop();
            int? rank = null;
            for (int i = 0; i < Math.Min(RankingScore.Depth, ranked.Count); i++)
            {
                if (correct(ranked[i]))
                {
                    rank = i + 1;
                    break;
                }
            }

            double confidence = ranked.Count > 0 ? ranked[0].Confidence : 0;
            double topMeaning = ranked.Count > 0 ? ranked[0].Features.Meaning : 0;
            outcomes.Add(new RealisticOutcome(q, rank, confidence, confidence >= answerer.MinConfidence, rank == 1, watch.Elapsed.TotalMilliseconds, ranked.Count > 0 ? ranked[0].Hit.Text : null, topMeaning));
        }

        return outcomes;
    }

    /// <summary>
    /// Whether a candidate answers <paramref name="q"/>: a sentence of its article (or of one marked as its
    /// duplicate, or the very answer sentence copied into an unmarked near-copy) holding the answer string.
    /// Nothing answers an unanswerable question.
    /// </summary>
    public static Func<QuestionAnswerer.Candidate, bool> Judge(RealisticQuestion q, BbcCollection collection)
    {
        if (!q.Answerable)
        {
            return _ => false;
        }

        var articles = collection.DuplicatesOf(q.ArticleId).Append(q.ArticleId).ToHashSet(StringComparer.Ordinal);
        string? answerSentence = collection.Sentences(q.ArticleId).FirstOrDefault(q.IsAnsweredBy);
        return c => q.IsAnsweredBy(c.Hit.Text) && (articles.Contains(c.Hit.Article.Id) || c.Hit.Text == answerSentence);
    }

    public static void Print(string name, IReadOnlyList<RealisticOutcome> outcomes, double minConfidence)
    {
        int answerableCount = outcomes.Count(o => o.Question.Answerable);
        Report.Heading($"Realistic questions over the BBC dev half, {name} ({outcomes.Count} questions: {answerableCount} answerable, {outcomes.Count - answerableCount} unanswerable; MinConfidence {Report.Fixed(minConfidence, 2)})");
        var table = new TextTable("kind", "questions", "top-1 %", "top-3 %", "MRR@10", "answered %", "answers right %", "declined %");
        foreach (string kind in QuestionKinds.All)
        {
            AddRow(table, kind, outcomes.Where(o => o.Question.Kind == kind).ToList());
        }

        AddRow(table, "all answerable", outcomes.Where(o => o.Question.Answerable).ToList());
        AddRow(table, "all", outcomes);
        table.Print();
        Report.Note("top-1/top-3/MRR: the first sentence of the question's article (or a copy of that sentence) holding its answer string. answers right: of the questions answered (score >= MinConfidence), the share whose top passage is right (an answered unanswerable question is wrong). declined: share not answered.");
        var times = outcomes.Select(o => o.Milliseconds).Order().ToList();
        if (times.Count > 0)
        {
            Report.Note($"Ranking time per question: median {Report.Fixed(times[times.Count / 2], 1)} ms, p95 {Report.Fixed(times[(int)(0.95 * (times.Count - 1))], 1)} ms, max {Report.Fixed(times[^1], 1)} ms (one thread, in process; the first question includes warm-up).");
        }

        PrintMeaningSeparation(outcomes);
        Report.Note("");
        PrintReliability(outcomes.Select(o => (o.Confidence, o.Question.Answerable && o.TopRight)).ToList());
    }

    /// <summary>Every answerable question whose top passage is wrong and every answered unanswerable one, with what the bot put first.</summary>
    public static void PrintMisses(IReadOnlyList<RealisticOutcome> outcomes, BbcCollection collection)
    {
        Report.Heading("Misses");
        foreach (var o in outcomes.Where(o => o.Question.Answerable ? !o.TopRight : o.Answered))
        {
            var q = o.Question;
            Report.Note($"{q.Id} [{q.Kind}] {q.Question}  (score {Report.Fixed(o.Confidence, 2)}, right at rank {o.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"})");
            if (q.Answerable)
            {
                Report.Note($"    want: {Report.Shorten(collection.Sentences(q.ArticleId).First(q.IsAnsweredBy), 200)}");
            }

            Report.Note($"    got:  {Report.Shorten(o.TopText ?? "(nothing)", 200)}");
        }
    }

    /// <summary>
    /// How far the meaning similarity of the top sentence alone tells answerable questions from the near misses,
    /// whatever a confidence formula makes of it: the medians, and the AUC (the chance that an answerable
    /// question's top similarity beats an unanswerable one's; 0.5 is no separation). Models differ in scale
    /// (one model's unrelated sentences sit at a cosine another gives to paraphrases), so compare AUCs, not medians.
    /// </summary>
    private static void PrintMeaningSeparation(IReadOnlyList<RealisticOutcome> outcomes)
    {
        if (outcomes.All(o => o.TopMeaning == 0))
        {
            return;
        }

        var answerable = outcomes.Where(o => o.Question.Answerable).Select(o => o.TopMeaning).Order().ToList();
        var right = outcomes.Where(o => o.Question.Answerable && o.TopRight).Select(o => o.TopMeaning).Order().ToList();
        var wrong = outcomes.Where(o => o.Question.Answerable && !o.TopRight).Select(o => o.TopMeaning).Order().ToList();
        var unanswerable = outcomes.Where(o => !o.Question.Answerable).Select(o => o.TopMeaning).Order().ToList();
        if (answerable.Count == 0 || unanswerable.Count == 0)
        {
            return;
        }

        static string Median(List<double> xs) => xs.Count == 0 ? "-" : Report.Fixed(xs[xs.Count / 2], 3);
        static double Auc(List<double> positives, List<double> negatives)
        {
            double wins = 0;
            foreach (double p in positives)
            {
                foreach (double n in negatives)
                {
                    wins += p > n ? 1 : p == n ? 0.5 : 0;
                }
            }

            return positives.Count == 0 || negatives.Count == 0 ? double.NaN : wins / (positives.Count * (double)negatives.Count);
        }

        Report.Note($"Meaning similarity of the top sentence: median {Median(right)} (answerable, top right), {Median(wrong)} (answerable, top wrong), {Median(unanswerable)} (unanswerable). AUC answerable vs unanswerable {Report.Fixed(Auc(answerable, unanswerable), 3)}; top right vs wrong or unanswerable {Report.Fixed(Auc(right, wrong.Concat(unanswerable).ToList()), 3)}.");
    }

    /// <summary>Predicted (the score) against observed (the top passage answers the question), by score band.</summary>
    public static void PrintReliability(IReadOnlyList<(double Score, bool Right)> points)
    {
        var table = new TextTable("score band", "questions", "mean score", "observed right %");
        for (int b = 0; b < 10; b++)
        {
            double lo = b / 10.0, hi = (b + 1) / 10.0;
            var band = points.Where(p => p.Score >= lo && (p.Score < hi || (b == 9 && p.Score <= 1))).ToList();
            table.Add($"{Report.Fixed(lo, 1)}-{Report.Fixed(hi, 1)}", band.Count, band.Count == 0 ? "-" : Report.Fixed(band.Average(p => p.Score), 3), band.Count == 0 ? "-" : Report.Percent(band.Count(p => p.Right), band.Count));
        }

        table.Print();
        if (points.Count > 0)
        {
            double brier = points.Average(p => Math.Pow(p.Score - (p.Right ? 1 : 0), 2));
            Report.Note($"Reliability: the score against the share of questions whose top passage answers them (unanswerable questions never do). Brier score {Report.Fixed(brier, 3)} (lower is better).");
        }
    }

    private static void AddRow(TextTable table, string label, IReadOnlyList<RealisticOutcome> rows)
    {
        var answerable = rows.Where(o => o.Question.Answerable).ToList();
        var score = new RankingScore();
        foreach (var o in answerable)
        {
            score.Add(Enumerable.Range(1, RankingScore.Depth), r => o.Rank == r);
        }

        int answered = rows.Count(o => o.Answered);
        int answeredRight = rows.Count(o => o.Answered && o.Question.Answerable && o.TopRight);
        bool any = answerable.Count > 0;
        table.Add(
            label,
            rows.Count,
            any ? Report.Percent(score.Top1) : "-",
            any ? Report.Percent(score.Top3) : "-",
            any ? Report.Fixed(score.Mrr, 3) : "-",
            Report.Percent(answered, rows.Count),
            Report.Percent(answeredRight, answered),
            Report.Percent(rows.Count - answered, rows.Count));
    }
}
