namespace PolicyBot.Bench.Infrastructure;

/// <summary>Where the repository, the shared evaluation data and the seed articles are.</summary>
internal sealed record BenchPaths(string RepoRoot, string DataDir, string EvalDir, string SeedsDir)
{
    public const string Squad1File = "squad-v1.1-dev.reconstructed.dev-half.json.gz";
    public const string Squad2File = "squad-v2.0-dev.reconstructed.dev-half.json.gz";
    public const string BbcFile = "bbc-news-summary.dev-half.jsonl.gz";
    public const string SeedEvalFile = "seed-dev.jsonl";

    public string Data(string file) => RequireFile(Path.Combine(DataDir, file));

    public string Eval(string file) => RequireFile(Path.Combine(EvalDir, file));

    /// <summary>
    /// The repository root is the nearest folder above the current one (or above the program) holding
    /// PolicyBot.sln; the data folder is <c>--data</c> or the nearest <c>shared/data</c> above either.
    /// </summary>
    public static BenchPaths Resolve(BenchOptions options)
    {
        var starts = new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory };
        string repoRoot = starts.Select(s => FindUp(s, d => File.Exists(Path.Combine(d, "PolicyBot.sln")))).FirstOrDefault(d => d is not null)
            ?? Directory.GetCurrentDirectory();

        string? data = options.DataDir is { } given ? Path.GetFullPath(given) : null;
        if (data is null)
        {
            string? holder = starts.Append(repoRoot)
                .Select(s => FindUp(s, d => Directory.Exists(Path.Combine(d, "shared", "data"))))
                .FirstOrDefault(d => d is not null);
            data = holder is null ? null : Path.Combine(holder, "shared", "data");
        }

        if (data is null || !Directory.Exists(data))
        {
            throw new DirectoryNotFoundException("The evaluation data folder was not found: pass --data DIR (the folder holding the SQuAD and BBC .gz files).");
        }

        string eval = Path.GetFullPath(Path.Combine(data, "..", "eval"));
        string seeds = Path.GetFullPath(options.SeedsDir ?? Path.Combine(repoRoot, "seeds"));
        return new BenchPaths(repoRoot, data, eval, seeds);
    }

    private static string? FindUp(string start, Func<string, bool> matches)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (matches(dir.FullName))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string RequireFile(string path) =>
        File.Exists(path) ? path : throw new FileNotFoundException($"The benchmark file '{path}' does not exist.", path);
}
