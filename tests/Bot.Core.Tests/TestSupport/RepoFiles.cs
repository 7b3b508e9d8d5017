namespace PolicyBot.Core.Tests.TestSupport;

/// <summary>Files of the repository the tests run in (found by walking up to PolicyBot.sln).</summary>
internal static class RepoFiles
{
    public const string SeedFileName = "000_b3e87f63fc77f91f.txt";

    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string SeedsFolder => Path.Combine(Root, "seeds");

    public static string SeedPath => Path.Combine(SeedsFolder, SeedFileName);

    /// <summary>The seed article as the parser sees it (UTF-8, "\n" line ends).</summary>
    public static string SeedText() => File.ReadAllText(SeedPath).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PolicyBot.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PolicyBot.sln not found above {AppContext.BaseDirectory}.");
    }
}
