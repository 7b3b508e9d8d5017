using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;

namespace PolicyBot.Bench.Quality;

/// <summary>
/// The <c>realistic</c> command (also part of <c>quality</c>): the realistic development set
/// (<c>bench/dev/bbc-realistic.jsonl</c>) asked of the whole BBC dev half, per kind.
/// </summary>
internal sealed class RealisticBenchmark(BenchOptions options, BenchPaths paths)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        Report.CommandLine(options.Arguments);
        await RunAsync(options, paths, ct);
        return 0;
    }

    public static async Task RunAsync(BenchOptions options, BenchPaths paths, CancellationToken ct)
    {
        string file = Path.GetFullPath(options.File ?? Path.Combine(paths.RepoRoot, DevSetCheck.DefaultFile));
        var questions = RealisticQuestion.Load(file);
        var collection = BbcCollection.Load(paths.Data(BenchPaths.BbcFile));
        using var temp = options.WorkDir is null ? new TempFolder("realistic", options.Keep) : null;
        string folder = options.WorkDir is { } work ? Path.Combine(Path.GetFullPath(work), "bbc-realistic") : temp!.Path;
        Directory.CreateDirectory(folder);
        Report.Progress($"indexing the BBC dev half ({collection.Articles.Count} articles) in {folder}");
        using var library = BbcLibrary.Open(collection, folder, ct);
        using var answerers = await AnswererSet.CreateAsync(library, options.Semantic, ct, BbcLibrary.VectorsPath(folder, options.Encoder), options.Encoder, meaningAlone: true);
        Report.Note($"question file: {file}; collection: {collection.Articles.Count} BBC articles (all categories), {library.SentenceCount} indexed sentences");
        foreach (var (name, answerer) in answerers.All)
        {
            var outcomes = RealisticEvaluation.Run(answerer, questions, collection, ct);
            RealisticEvaluation.Print(name, outcomes, answerer.MinConfidence);
            if (options.Misses)
            {
                RealisticEvaluation.PrintMisses(outcomes, collection);
            }
        }
    }
}
