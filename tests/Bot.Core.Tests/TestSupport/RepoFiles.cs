namespace PolicyBot.Core.Tests.TestSupport;

/// <summary>Files of the repository the tests run in (found by walking up to PolicyBot.sln).</summary>
internal static class RepoFiles
{
    public const string SeedFileName = "000_b3e87f63fc77f91f.txt";

    public static string Root => PolicyBot.TestKit.RepositoryPaths.Root;

    public static string SeedsFolder => Path.Combine(Root, "seeds");

    public static string SeedPath => Path.Combine(SeedsFolder, SeedFileName);

    /// <summary>The seed article as the parser sees it (UTF-8, "\n" line ends).</summary>
    public static string SeedText() => File.ReadAllText(SeedPath).Replace("\r\n", "\n", StringComparison.Ordinal);
}
