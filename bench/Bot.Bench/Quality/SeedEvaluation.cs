using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Core.Search;

namespace PolicyBot.Bench.Quality;

/// <summary>Answers every question of <c>seed-dev.jsonl</c> over the seed folder, as the bot would (Answer, top 1).</summary>
internal sealed class SeedEvaluation(string seedsDir, string questionsPath)
{
    /// <summary>Prints the per-question table and the summary for each answerer.</summary>
    public async Task RunAsync(string indexPath, bool semantic, PolicyBot.Core.Semantic.SentenceEncoderKind encoder, CancellationToken ct)
    {
        var questions = SeedQuestion.Load(questionsPath);
        using var library = ArticleLibrary.Open(seedsDir, indexPath, null, NullLogger.Instance, ct);
        using var answerers = await AnswererSet.CreateAsync(library, semantic, ct, encoder: encoder);
        foreach (var (name, answerer) in answerers.All)
        {
            Report.Heading($"Seed questions, {name} ({Path.GetFileName(questionsPath)}; {library.Articles.Count} article(s), {library.SentenceCount} sentences)");
            var table = new TextTable("id", "question", "answered", "pass", "confidence", "top answer");
            int answerable = 0, correct = 0, unanswerable = 0, declined = 0;
            foreach (var q in questions)
            {
                ct.ThrowIfCancellationRequested();
                var result = answerer.Answer(q.Question, 1, ct);
                string top = result.Passages.Count > 0 ? result.Passages[0].Text : "";
                double confidence = result.Passages.Count > 0 ? result.Passages[0].Score : 0;
                bool pass;
                if (q.Unanswerable)
                {
                    unanswerable++;
                    pass = !result.Answered;
                    declined += pass ? 1 : 0;
                }
                else
                {
                    answerable++;
                    pass = result.Answered && q.IsMetBy(top);
                    correct += pass ? 1 : 0;
                }

                table.Add(q.Id, Report.Shorten(q.Question, 60), result.Answered ? "yes" : "no", pass ? "PASS" : "FAIL", Report.Fixed(confidence, 3), Report.Shorten(top, 90));
            }

            table.Print();
            Report.Note("");
            Report.Note($"Answerable answered with an expected text: {correct}/{answerable}. Unanswerable declined: {declined}/{unanswerable}.");
            Report.Note("(pass = answered and the top answer contains one of `expect`, case-insensitive; for unanswerable questions, declined.)");
        }
    }
}
