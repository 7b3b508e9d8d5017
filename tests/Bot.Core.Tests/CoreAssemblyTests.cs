using PolicyBot.Core.Search;

namespace PolicyBot.Core.Tests;

public class CoreAssemblyTests
{
    private static readonly string[] ForbiddenPrefixes =
    {
        "Microsoft.Extensions.Hosting", "Microsoft.AspNetCore", "Microsoft.Extensions.Http", "AngleSharp", "PolicyBot.Adapters", "PolicyBot.Host", "PolicyBot.Feeds", "policybot",
    };

    [Fact]
    public void GetReferencedAssemblies_CoreAssembly_ReferencesNoHostingHttpHtmlAdapterFeedsOrHostAssembly()
    {
        var references = typeof(ArticleLibrary).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Lucene.Net", references); // the check reads real references
        var forbidden = references
            .Where(name => ForbiddenPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        Assert.Empty(forbidden);
    }

    [Fact]
    public void GetReferencedAssemblies_CoreAssembly_ReferencesNoDatabaseEngine()
    {
        // The store ports are Core's; their engines are PolicyBot.Storage's.
        var references = typeof(ArticleLibrary).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        Assert.Contains("Lucene.Net", references); // the check reads real references
        Assert.DoesNotContain(references, name =>
            name.StartsWith("Npgsql", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Microsoft.Data.Sqlite", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("SQLitePCL", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("PolicyBot.Storage", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void AssemblyName_CoreAssembly_IsPolicyBotCore()
    {
        Assert.Equal("PolicyBot.Core", typeof(ArticleLibrary).Assembly.GetName().Name);
    }
}
