using System.Diagnostics;
using System.Text.Json;
using PolicyBot.Bench.Infrastructure;

namespace PolicyBot.Bench.Speed;

/// <summary>
/// The <c>speed</c> command. For each corpus: a child process builds a fresh persistent index and times
/// answers; a second child reopens the unchanged folder (the restart) and times answers again.
/// </summary>
internal sealed class SpeedBenchmark(BenchOptions options, BenchPaths paths)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        Report.CommandLine(options.Arguments);
        using var temp = options.WorkDir is null ? new TempFolder("speed", options.Keep) : null;
        string work = temp?.Path ?? Path.GetFullPath(options.WorkDir!);
        Directory.CreateDirectory(work);
        string mode = options.Semantic ? "words + meaning (MiniLM vectors built after the index and saved beside it)" : "words only";
        Report.Note($"work folder: {work}; {options.Questions} timed questions per run (Answer, top 1, {mode}) after {SpeedMeasurement.WarmUp} warm-up questions");

        var corpora = new SpeedCorpora(paths, work, options.Questions);
        var results = new List<(SpeedCorpus Corpus, SpeedRun Build, SpeedRun Restart)>();
        var realisticRuns = new List<(SpeedCorpus Corpus, SpeedRun Run)>();
        var indexes = new List<string>();
        try
        {
            foreach (string name in options.Corpora)
            {
                Report.Progress($"preparing corpus '{name}'");
                var corpus = corpora.Prepare(name, options.Articles, ct);
                string index = Path.Combine(work, $"index-{corpus.Name}");
                indexes.Add(index);
                TempFolder.Delete(index);

                Report.Progress($"{corpus.Name}: building the index ({corpus.Files} files)");
                var build = await MeasureAsync(corpus, index, options.Semantic, options.Encoder, ct);
                Report.Progress($"{corpus.Name}: built in {build.OpenSeconds:0.0} s; restarting over the unchanged folder");
                var restart = await MeasureAsync(corpus, index, options.Semantic, options.Encoder, ct);
                Report.Progress($"{corpus.Name}: restart took {restart.OpenSeconds:0.00} s, reindexed {restart.Reindexed}");
                results.Add((corpus, build, restart));
                if (corpus.RealisticQuestionsFile is { } realistic)
                {
                    Report.Progress($"{corpus.Name}: timing the realistic questions");
                    realisticRuns.Add((corpus, await MeasureAsync(corpus with { QuestionsFile = realistic }, index, options.Semantic, options.Encoder, ct)));
                }
            }
        }
        finally
        {
            if (temp is null && !options.Keep)
            {
                indexes.ForEach(TempFolder.Delete); // --work keeps the corpora for the next run, not the indexes.
            }
        }

        Report.Heading("Corpora and questions");
        foreach (var (corpus, _, _) in results)
        {
            string origin = corpus.Name == "seed" ? "read in place" : corpus.Reused ? "reused from an earlier run" : "written in this run";
            Report.Note($"- {corpus.Name}: {corpus.Folder} ({origin}); questions: {corpus.QuestionsNote}"
                + (corpus.RealisticQuestionsFile is null ? "" : "; then a third run (restart) timing the realistic set (bench/dev/bbc-realistic.jsonl), each question once"));
        }

        Print(results, realisticRuns, options.Semantic);
        return results.All(r => r.Restart.Reindexed == 0 && !r.Restart.Rebuilt) ? 0 : 1;
    }

    private static void Print(List<(SpeedCorpus Corpus, SpeedRun Build, SpeedRun Restart)> results, List<(SpeedCorpus Corpus, SpeedRun Run)> realistic, bool semantic)
    {
        PrintIndex(results);
        if (semantic)
        {
            PrintVectors(results);
        }

        PrintLatency(results, realistic);
    }

    private static void PrintIndex(List<(SpeedCorpus Corpus, SpeedRun Build, SpeedRun Restart)> results)
    {
        Report.Heading("Index build and restart (persistent index; restart = second open over the unchanged folder)");
        var index = new TextTable("corpus", "articles", "corpus MB", "sentences", "build s", "articles/s", "index MB (all files)", "restart s", "reindexed on restart");
        foreach (var (corpus, build, restart) in results)
        {
            index.Add(
                corpus.Name,
                Report.Count(build.Articles),
                Report.Fixed(corpus.Bytes / (1024.0 * 1024.0), 2),
                Report.Count(build.Sentences),
                Report.Fixed(build.OpenSeconds, 2),
                Report.Fixed(build.Articles / build.OpenSeconds, 0),
                Report.Fixed(build.IndexBytes / (1024.0 * 1024.0), 2),
                Report.Fixed(restart.OpenSeconds, 2),
                restart.Reindexed);
        }

        index.Print();
    }

    private static void PrintVectors(List<(SpeedCorpus Corpus, SpeedRun Build, SpeedRun Restart)> results)
    {
        Report.Note("");
        var vectors = new TextTable("corpus", "sentences", "vectors s (build run)", "sentences/s", "articles without vectors at restart", "vectors s (restart)", "vectors file MB");
        foreach (var (corpus, build, restart) in results)
        {
            vectors.Add(corpus.Name, Report.Count(build.Sentences), Report.Fixed(build.VectorSeconds, 2), Report.Fixed(build.Sentences / Math.Max(build.VectorSeconds, 1e-9), 0), restart.VectorArticlesMissing, Report.Fixed(restart.VectorSeconds, 2), Report.Fixed(build.VectorBytes / (1024.0 * 1024.0), 2));
        }

        vectors.Print();
    }

    private static void PrintLatency(List<(SpeedCorpus Corpus, SpeedRun Build, SpeedRun Restart)> results, List<(SpeedCorpus Corpus, SpeedRun Run)> realistic)
    {
        Report.Heading("Answer latency (QuestionAnswerer.Answer, top 1, one question at a time) and memory");
        var latency = new TextTable("corpus", "run", "questions", "answered %", "first ms", "mean ms", "p50 ms", "p99 ms", "max ms", "peak WS MB", "managed after open MB", "managed after questions MB");
        foreach (var (corpus, build, restart) in results)
        {
            var runs = new[] { ("build", build), ("restart", restart) }.Concat(realistic.Where(r => r.Corpus.Name == corpus.Name).Select(r => ("realistic questions", r.Run)));
            foreach (var (label, run) in runs)
            {
                latency.Add(
                    corpus.Name,
                    label,
                    run.Questions,
                    Report.Percent(run.Answered, run.Questions),
                    Report.Fixed(run.FirstAnswerMs, 1),
                    Report.Fixed(run.MeanMs, 2),
                    Report.Fixed(run.P50Ms, 2),
                    Report.Fixed(run.P99Ms, 2),
                    Report.Fixed(run.MaxMs, 1),
                    Report.Mb(run.PeakWorkingSetBytes),
                    Report.Mb(run.ManagedAfterOpenBytes),
                    Report.Mb(run.ManagedAfterQuestionsBytes));
            }
        }

        latency.Print();
        Report.Note("");
        Report.Note("first ms = the first answer of the process (cold: JIT, caches). peak WS = Process.PeakWorkingSet64 of the measuring child process;");
        Report.Note("managed = GC.GetTotalMemory(forceFullCollection: true) with the library open. Each run is a separate process.");
    }

    /// <summary>Runs <c>measure</c> in a child process (this same program) and reads its RESULT line.</summary>
    private static async Task<SpeedRun> MeasureAsync(SpeedCorpus corpus, string index, bool semantic, PolicyBot.Core.Semantic.SentenceEncoderKind encoder, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(start.FileName).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            start.ArgumentList.Add(typeof(SpeedBenchmark).Assembly.Location);
        }

        foreach (string arg in new[] { "measure", "--folder", corpus.Folder, "--index", index, "--questions-file", corpus.QuestionsFile })
        {
            start.ArgumentList.Add(arg);
        }

        if (semantic)
        {
            start.ArgumentList.Add("--semantic");
            start.ArgumentList.Add("--encoder");
            start.ArgumentList.Add(encoder.ToString());
        }

        using var process = Process.Start(start) ?? throw new IOException("Could not start the measuring process.");
        try
        {
            string output = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            string? line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(SpeedMeasurement.ResultPrefix, StringComparison.Ordinal));
            if (process.ExitCode != 0 || line is null)
            {
                throw new IOException($"The measuring process for '{corpus.Name}' failed (exit code {process.ExitCode}).");
            }

            return JsonSerializer.Deserialize<SpeedRun>(line[SpeedMeasurement.ResultPrefix.Length..])
                ?? throw new InvalidDataException("The measuring process printed no result.");
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }
}
