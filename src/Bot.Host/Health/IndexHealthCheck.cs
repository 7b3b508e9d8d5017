using Microsoft.Extensions.Diagnostics.HealthChecks;
using PolicyBot.Core.Search;

namespace PolicyBot.Hosting.Health;

/// <summary>Ready when the article index is loaded (the host opens it before it serves).</summary>
public sealed class IndexHealthCheck : IHealthCheck
{
    public const string Name = "index";

    private readonly ArticleLibrary _library;

    public IndexHealthCheck(ArticleLibrary library)
    {
        _library = library;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthCheckResult.Healthy($"{_library.Articles.Count} articles"));
}
