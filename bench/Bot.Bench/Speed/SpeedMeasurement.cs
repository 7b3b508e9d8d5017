using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Search;
using PolicyBot.Core.Semantic;

namespace PolicyBot.Bench.Speed;

/// <summary>
/// The internal <c>measure</c> command, run in a child process so that its peak memory is its own:
/// opens the persistent index over a folder (building or reusing it), optionally brings the meaning
/// vectors up to date (<c>--semantic</c>), answers the warm-up questions of a file and then times the
/// rest one by one (Answer, top 1), and prints one <c>RESULT {json}</c> line.
/// </summary>
internal static class SpeedMeasurement
{
    public const string ResultPrefix = "RESULT ";
    public const int WarmUp = 200;

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        string folder = options.Require("folder");
        string indexPath = options.Require("index");
        var lines = File.ReadAllLines(options.Require("questions-file")).Where(l => l.Trim().Length > 0).ToList();
        if (lines.Count <= WarmUp)
        {
            throw new InvalidDataException($"The questions file needs {WarmUp} warm-up questions and at least one timed question.");
        }

        var warmUp = lines[..WarmUp];
        var questions = lines[WarmUp..];

        var stopwatch = Stopwatch.StartNew();
        using var library = ArticleLibrary.Open(folder, indexPath, new ConsoleProgress($"{Path.GetFileName(folder)}: indexed files"), NullLogger.Instance, ct);
        double openSeconds = stopwatch.Elapsed.TotalSeconds;

        // Vectors live beside the Lucene index, where the bot keeps them (one file per model).
        string vectorsPath = Path.Combine(indexPath, SentenceEncoders.VectorsFileName(options.Encoder));
        using var semantic = options.Semantic ? new SemanticIndex(library, SentenceEncoders.Shared(options.Encoder), vectorsPath) : null;
        int vectorsMissing = semantic?.MissingArticles ?? 0;
        double vectorSeconds = 0;
        if (semantic is not null)
        {
            stopwatch.Restart();
            await semantic.BuildAsync(new ConsoleProgress($"{Path.GetFileName(folder)}: meaning vectors, articles"), ct);
            vectorSeconds = stopwatch.Elapsed.TotalSeconds;
        }

        long managedAfterOpen = GC.GetTotalMemory(forceFullCollection: true);
        var answerer = new QuestionAnswerer(library, new AnswerOptions { Semantic = semantic is not null, Encoder = options.Encoder.ToString() }, semantic);
        stopwatch.Restart();
        answerer.Answer(warmUp[0], 1, ct);
        double firstMs = stopwatch.Elapsed.TotalMilliseconds;
        foreach (string question in warmUp.Skip(1))
        {
            answerer.Answer(question, 1, ct);
        }

        var times = new double[questions.Count];
        int answered = 0;
        for (int i = 0; i < questions.Count; i++)
        {
            ct.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            var result = answerer.Answer(questions[i], 1, ct);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            answered += result.Answered ? 1 : 0;
        }

        Array.Sort(times);
        long managedAfterQuestions = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var run = new SpeedRun(
            library.Articles.Count,
            library.SentenceCount,
            library.Problems.Count,
            library.Rebuilt,
            library.Reindexed,
            openSeconds,
            semantic is not null,
            vectorsMissing,
            vectorSeconds,
            File.Exists(vectorsPath) ? new FileInfo(vectorsPath).Length : 0,
            firstMs,
            questions.Count,
            answered,
            times.Average(),
            Sampling.Percentile(times, 50),
            Sampling.Percentile(times, 99),
            times[^1],
            managedAfterOpen,
            managedAfterQuestions,
            process.PeakWorkingSet64,
            DirectorySize(indexPath));
        Console.WriteLine(ResultPrefix + JsonSerializer.Serialize(run));
        return 0;
    }

    public static long DirectorySize(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;
}
