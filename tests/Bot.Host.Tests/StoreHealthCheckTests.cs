using Microsoft.Extensions.Diagnostics.HealthChecks;
using Moq;
using PolicyBot.Core.Alerts;
using PolicyBot.Hosting.Health;

namespace PolicyBot.Host.Tests;

public class StoreHealthCheckTests
{
    private static Task<HealthCheckResult> CheckAsync(IOutboxStore outbox) =>
        new StoreHealthCheck(outbox).CheckHealthAsync(new HealthCheckContext(), CancellationToken.None);

    [Fact]
    public async Task CheckHealth_StoreAnswers_IsHealthyWithTheOutboxDepth()
    {
        var outbox = new Mock<IOutboxStore>();
        outbox.Setup(o => o.OutboxDepthAsync(It.IsAny<CancellationToken>())).ReturnsAsync(3);

        var result = await CheckAsync(outbox.Object);

        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("outbox depth 3", result.Description);
    }

    [Fact]
    public async Task CheckHealth_StoreNeverAnswers_IsUnhealthyAfterTheTimeout()
    {
        var outbox = new Mock<IOutboxStore>();
        // A driver that ignores the token: the check must still give up on time.
        outbox.Setup(o => o.OutboxDepthAsync(It.IsAny<CancellationToken>())).Returns(new TaskCompletionSource<int>().Task);
        var started = System.Diagnostics.Stopwatch.StartNew();

        var result = await CheckAsync(outbox.Object);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("no answer within 2 s", result.Description);
        Assert.InRange(started.Elapsed, StoreHealthCheck.Timeout - TimeSpan.FromMilliseconds(100), StoreHealthCheck.Timeout + TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task CheckHealth_StoreFails_IsUnhealthyWithTheReason()
    {
        var outbox = new Mock<IOutboxStore>();
        outbox.Setup(o => o.OutboxDepthAsync(It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidOperationException("database is locked"));

        var result = await CheckAsync(outbox.Object);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("database is locked", result.Description);
    }

    [Fact]
    public void ReadinessJson_OneFailingCheck_IsNotReadyNamingIt()
    {
        var report = new HealthReport(
            new Dictionary<string, HealthReportEntry>
            {
                ["index"] = new(HealthStatus.Healthy, "1 articles", TimeSpan.Zero, null, null),
                ["store"] = new(HealthStatus.Unhealthy, "no answer within 2 s", TimeSpan.Zero, null, null),
            },
            TimeSpan.Zero);

        Assert.Equal(
            """{"status":"not ready","failed":["store"],"checks":{"index":{"ok":true,"detail":"1 articles"},"store":{"ok":false,"detail":"no answer within 2 s"}}}""",
            ReadinessResponse.ToJson(report));
    }
}
