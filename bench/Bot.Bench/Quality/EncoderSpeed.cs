using System.Diagnostics;
using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Bench.Ranking;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Bench.Quality;

/// <summary>
/// The <c>encoders</c> command: how fast each sentence-meaning model encodes passages (the indexed SQuAD
/// sentences, in the bot's batches) and single questions (SQuAD questions, each alone, as an answer does).
/// The models take turns round by round in one process, so a machine shared with other work slows both
/// alike and the ratio holds even when the absolute figures move.
/// </summary>
internal sealed class EncoderSpeed(BenchOptions options, BenchPaths paths)
{
    private const int Rounds = 3;

    public Task<int> RunAsync(CancellationToken ct)
    {
        Report.CommandLine(options.Arguments);
        using var temp = new TempFolder("encoders", options.Keep);
        var squad = SquadData.Load(paths.Data(BenchPaths.Squad1File));
        using var corpus = SquadCorpus.Build(squad.Articles, temp.Sub("squad1"), ct);
        var sentences = Sampling.Spread(LibrarySentences.Enumerate(corpus.Library).Select(s => s.Text).ToList(), options.Limit ?? 600);
        var questions = Sampling.Spread(squad.Questions.Select(q => q.Text).ToList(), 200);
        var kinds = Enum.GetValues<SentenceEncoderKind>();
        var passageTime = kinds.ToDictionary(k => k, _ => TimeSpan.Zero);
        var questionTimes = kinds.ToDictionary(k => k, _ => new List<double>());
        foreach (var kind in kinds)
        {
            // Loading and the first runs (JIT, ONNX Runtime's buffers) are not what is measured.
            var encoder = SentenceEncoders.Shared(kind);
            encoder.Encode(sentences.Take(16).ToList(), ct);
            encoder.EncodeQuery(questions[0], ct);
        }

        for (int round = 0; round < Rounds; round++)
        {
            foreach (var kind in kinds)
            {
                Report.Progress($"round {round + 1}/{Rounds}: {kind}");
                var encoder = SentenceEncoders.Shared(kind);
                var watch = Stopwatch.StartNew();
                encoder.Encode(sentences, ct);
                passageTime[kind] += watch.Elapsed;
                foreach (string q in questions)
                {
                    long start = Stopwatch.GetTimestamp();
                    encoder.EncodeQuery(q + $" ({round})", ct); // a new text each round: no cache anywhere
                    questionTimes[kind].Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                }
            }
        }

        Report.Heading($"Sentence encoders ({sentences.Count} SQuAD sentences as passages and {questions.Count} questions one at a time, {Rounds} rounds taken in turn)");
        var table = new TextTable("encoder", "model", "passages/s", "question ms: median", "p95", "mean");
        foreach (var kind in kinds)
        {
            var times = questionTimes[kind].Order().ToList();
            table.Add(kind.ToString(), SentenceEncoders.Shared(kind).Model, Report.Fixed(Rounds * sentences.Count / passageTime[kind].TotalSeconds, 0),
                Report.Fixed(times[times.Count / 2], 2), Report.Fixed(times[(int)(0.95 * (times.Count - 1))], 2), Report.Fixed(times.Average(), 2));
        }

        table.Print();
        Report.Note($"Mean sentence length {Report.Fixed(sentences.Average(s => s.Length), 0)} characters. Questions include each model's own query form (ArcticXs: its instruction before the question).");
        return Task.FromResult(0);
    }
}
