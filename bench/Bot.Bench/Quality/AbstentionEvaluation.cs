using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;

namespace PolicyBot.Bench.Quality;

/// <summary>Does the bot answer what it can and decline what it cannot? Judged on the top candidate's confidence.</summary>
internal static class AbstentionEvaluation
{
    /// <summary>SQuAD 2.0: answerable questions should be answered, <c>is_impossible</c> ones declined.</summary>
    public static async Task RunSquad2Async(SquadData data, int? limit, string folder, bool semantic, PolicyBot.Core.Semantic.SentenceEncoderKind encoder, CancellationToken ct)
    {
        using var corpus = SquadCorpus.Build(data.Articles, folder, ct);
        using var answerers = await AnswererSet.CreateAsync(corpus.Library, semantic, ct, encoder: encoder);
        var questions = Sampling.Spread(data.Questions, limit);
        foreach (var (name, answerer) in answerers.All)
        {
            var curve = new ConfidenceCurve();
            foreach (var q in questions)
            {
                ct.ThrowIfCancellationRequested();
                var ranked = answerer.Rank(q.Text, ct);
                curve.Add(ranked, q, shouldAnswer: !q.Impossible);
            }

            Report.Heading($"SQuAD 2.0 dev half: abstention, {name} ({questions.Count} questions: {curve.AnswerCount} answerable, {curve.DeclineCount} impossible; {data.Articles.Count} articles, {corpus.Library.SentenceCount} sentences)");
            curve.PrintDefault("answerable questions answered", "impossible questions declined");
            Report.Note("");
            curve.PrintCurve("answerable answered %", "impossible declined %");
        }
    }

    /// <summary>Only the first half of the SQuAD v1.1 articles is indexed: questions about the other half should be declined.</summary>
    public static async Task RunOutOfCorpusAsync(SquadData data, int? limit, string folder, bool semantic, PolicyBot.Core.Semantic.SentenceEncoderKind encoder, CancellationToken ct)
    {
        int half = data.Articles.Count / 2;
        using var corpus = SquadCorpus.Build(data.Articles.Take(half), folder, ct);
        using var answerers = await AnswererSet.CreateAsync(corpus.Library, semantic, ct, encoder: encoder);
        var inside = Sampling.Spread(data.Questions.Where(q => q.ArticleIndex < half).ToList(), limit);
        var outside = Sampling.Spread(data.Questions.Where(q => q.ArticleIndex >= half).ToList(), limit);
        foreach (var (name, answerer) in answerers.All)
        {
            var curve = new ConfidenceCurve();
            foreach (var q in inside.Concat(outside))
            {
                ct.ThrowIfCancellationRequested();
                curve.Add(answerer.Rank(q.Text, ct), q, shouldAnswer: q.ArticleIndex < half);
            }

            Report.Heading($"Out-of-corpus, {name}: SQuAD v1.1 articles 1-{half} indexed ({corpus.Library.SentenceCount} sentences); {inside.Count} questions about them, {outside.Count} about articles {half + 1}-{data.Articles.Count}");
            curve.PrintDefault("in-corpus questions answered", "out-of-corpus questions declined");
            Report.Note("");
            curve.PrintCurve("in-corpus answered %", "out-of-corpus declined %");
        }
    }
}
