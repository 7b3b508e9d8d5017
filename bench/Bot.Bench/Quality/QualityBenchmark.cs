using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;

namespace PolicyBot.Bench.Quality;

/// <summary>The <c>quality</c> command: seed questions, the realistic set, SQuAD sentence retrieval, and abstention.</summary>
internal sealed class QualityBenchmark(BenchOptions options, BenchPaths paths)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        Report.CommandLine(options.Arguments);
        string cap = options.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none";
        Report.Note($"data: {paths.DataDir}; seeds: {paths.SeedsDir}; question cap per dataset: {cap}; answerers: words{(options.Semantic ? $", words + meaning ({options.Encoder})" : "")}");
        using var temp = new TempFolder("quality", options.Keep);

        Report.Progress("seed questions");
        await new SeedEvaluation(paths.SeedsDir, paths.Eval(BenchPaths.SeedEvalFile)).RunAsync(temp.Sub("seed-index"), options.Semantic, options.Encoder, ct);

        Report.Progress("realistic questions over the BBC dev half");
        await RealisticBenchmark.RunAsync(options, paths, ct);

        Report.Progress("SQuAD v1.1 sentence retrieval");
        var squad1 = SquadData.Load(paths.Data(BenchPaths.Squad1File));
        await new SquadRetrieval(squad1, options.Limit).RunAsync(temp.Sub("squad1"), options.Semantic, options.Encoder, ct);

        Report.Progress("SQuAD 2.0 abstention");
        var squad2 = SquadData.Load(paths.Data(BenchPaths.Squad2File));
        await AbstentionEvaluation.RunSquad2Async(squad2, options.Limit, temp.Sub("squad2"), options.Semantic, options.Encoder, ct);

        Report.Progress("out-of-corpus abstention");
        await AbstentionEvaluation.RunOutOfCorpusAsync(squad1, options.Limit, temp.Sub("squad1-half"), options.Semantic, options.Encoder, ct);

        Report.Progress("done");
        return 0; // Quality is reported, not asserted: a weak figure is still a successful run.
    }
}
