using Microsoft.Extensions.Diagnostics.HealthChecks;
using PolicyBot.Core.Search;

namespace PolicyBot.Hosting.Health;

/// <summary>Ready once the start step opened the article index (the host runs it before it serves).</summary>
public sealed class IndexHealthCheck : IHealthCheck
{
    public const string Name = "index";

    private readonly LibraryStartup _startup;

    public IndexHealthCheck(LibraryStartup startup)
    {
        _startup = startup;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_startup.IsOpen ? HealthCheckResult.Healthy($"{_startup.Library.Articles.Count} articles") : HealthCheckResult.Unhealthy("not open yet"));
}
