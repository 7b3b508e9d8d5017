using System.Net;
using PolicyBot.Hosting;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Host.Tests;

/// <summary>`policybot serve` exposes its meter at /metrics in the Prometheus text format, scraped here over real HTTP.</summary>
public sealed class MetricsEndpointTests : IDisposable
{
    private const string Secret = "metrics-test-signing-secret";
    private readonly TempArticleFolder _folder = new();

    public MetricsEndpointTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Metrics_AfterASlackQuestion_CountsItAnsweredWithItsTimeAndReportsTheOutbox()
    {
        await using var slack = await FakeSlackWebApi.StartAsync();
        int port = HostTestSupport.FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var serving = PolicyBotCli.RunAsync(
            new[]
            {
                "serve", "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false",
                "--Slack:Enabled=true", $"--Slack:BotToken={slack.BotToken}", $"--Slack:SigningSecret={Secret}", $"--Slack:ApiBaseUrl={slack.BaseUrl}",
                $"--Http:Urls=http://127.0.0.1:{port}", $"--Storage:ConnectionString=Data Source={Path.Combine(_folder.Root, "alerts.db")}",
            },
            TextWriter.Null, new StringWriter(), stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.True(await HostTestSupport.WaitForHealthAsync(http), "the bot did not start");

        using var delivered = await ServeOpsSupport.MentionAsync(http, Secret, "EvMetrics1", "What does Tesla plan to build in Nevada?");
        await ServeOpsSupport.UntilAsync(() => slack.Posted.Count == 1, "the answer in Slack");
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        string text = await response.Content.ReadAsStringAsync();
        // The outbox gauge is read from the store in the background, a few seconds apart.
        string withOutbox = "";
        await ServeOpsSupport.UntilAsync(async () => (withOutbox = await ServeOpsSupport.ScrapeAsync(http)).Contains("\npolicybot_outbox_depth ", StringComparison.Ordinal), "the outbox depth");

        await stop.CancelAsync();
        Assert.Equal(0, await serving);

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("# TYPE policybot_questions_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_questions_total{platform=\"slack\",outcome=\"answered\"} 1\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("outcome=\"no_answer\"", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE policybot_answer_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_answer_seconds_count{platform=\"slack\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_answer_seconds_bucket{platform=\"slack\",le=\"+Inf\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_answer_seconds_bucket{platform=\"slack\",le=\"10\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_rate_limit_waits_total{platform=\"slack\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_outbox_depth 0\n", withOutbox, StringComparison.Ordinal);
        // The library's own: process and .NET runtime, and the HTTP requests (here the Slack delivery; scrapes are not counted).
        Assert.Contains("\nprocess_cpu_seconds_total ", text, StringComparison.Ordinal);
        Assert.Contains("\ndotnet_total_memory_bytes ", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE http_requests_received_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"/slack/events\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("endpoint=\"/metrics\"", text, StringComparison.Ordinal);
    }
}
