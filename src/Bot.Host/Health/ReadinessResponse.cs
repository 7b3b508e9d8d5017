using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace PolicyBot.Hosting.Health;

/// <summary>
/// The bodies of <c>GET /healthz</c> (liveness: <c>ok</c>, no check run) and <c>GET /readyz</c> (every registered
/// check: <c>{"status":"ready"|"not ready","failed":[names],"checks":{name:{"ok":…,"detail":…}}}</c>, 200 or 503).
/// </summary>
public static class ReadinessResponse
{
    public static HealthCheckOptions Liveness { get; } = new()
    {
        Predicate = _ => false,
        ResponseWriter = (context, _) => context.Response.WriteAsync("ok", context.RequestAborted),
        ResultStatusCodes = StatusCodes(),
    };

    public static HealthCheckOptions Readiness { get; } = new()
    {
        ResponseWriter = (context, report) =>
        {
            context.Response.ContentType = "application/json; charset=utf-8";
            return context.Response.WriteAsync(ToJson(report), context.RequestAborted);
        },
        ResultStatusCodes = StatusCodes(),
    };

    public static string ToJson(HealthReport report)
    {
        var checks = new JsonObject();
        var failed = new JsonArray();
        foreach (var (name, entry) in report.Entries)
        {
            bool ok = entry.Status == HealthStatus.Healthy;
            checks[name] = new JsonObject { ["ok"] = ok, ["detail"] = entry.Description ?? entry.Exception?.Message ?? entry.Status.ToString() };
            if (!ok)
            {
                failed.Add(name);
            }
        }

        return new JsonObject
        {
            ["status"] = failed.Count == 0 ? "ready" : "not ready",
            ["failed"] = failed,
            ["checks"] = checks,
        }.ToJsonString();
    }

    // Degraded is not ready either: /readyz says 503 for anything but every check healthy.
    private static Dictionary<HealthStatus, int> StatusCodes() => new()
    {
        [HealthStatus.Healthy] = Microsoft.AspNetCore.Http.StatusCodes.Status200OK,
        [HealthStatus.Degraded] = Microsoft.AspNetCore.Http.StatusCodes.Status503ServiceUnavailable,
        [HealthStatus.Unhealthy] = Microsoft.AspNetCore.Http.StatusCodes.Status503ServiceUnavailable,
    };
}
