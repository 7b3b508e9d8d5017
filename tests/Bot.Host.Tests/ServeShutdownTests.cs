using System.Net;
using Microsoft.Data.Sqlite;
using PolicyBot.Core.Alerts;
using PolicyBot.Hosting;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeSlack;
using PolicyBot.Storage;

namespace PolicyBot.Host.Tests;

/// <summary>
/// Stopping `policybot serve` while an alert cannot be delivered leaves it in the outbox; the next start delivers it,
/// once. The metrics show the retries and the waiting alert, then the delivery.
/// </summary>
public sealed class ServeShutdownTests : IDisposable
{
    private const string Secret = "shutdown-test-signing-secret";
    private static readonly ChannelRef General = new("slack", "C0000GENERAL");
    private readonly TempArticleFolder _folder = new();

    public ServeShutdownTests()
    {
        _folder.AddSeed();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private string Database => Path.Combine(_folder.Root, "alerts.db");

    private string[] ServeArgs(FakeSlackWebApi slack, int port) => new[]
    {
        "serve", "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false",
        "--Slack:Enabled=true", $"--Slack:BotToken={slack.BotToken}", $"--Slack:SigningSecret={Secret}", $"--Slack:ApiBaseUrl={slack.BaseUrl}",
        $"--Http:Urls=http://127.0.0.1:{port}", $"--Storage:ConnectionString=Data Source={Database}", "--Http:ShutdownTimeout=00:00:10",
        "--Alerts:ChannelInterval=00:00:00", "--Alerts:PollInterval=00:00:00.200", "--Alerts:RetryBase=00:00:00.200", "--Alerts:RetryMax=00:00:01", "--Alerts:InDoubtAfter=00:00:01",
        "--Articles:WatchSettle=00:00:00.200", "--Articles:RescanInterval=00:00:01",
    };

    private async Task<IReadOnlyList<OutboxAlert>> AlertsAsync()
    {
        using var store = SqlStore.ForSqlite($"Data Source={Database}");
        return await store.AlertsForAsync(General, CancellationToken.None);
    }

    [Fact]
    public async Task Stop_WhileAnAlertCannotBeDelivered_KeepsItInTheOutboxAndTheNextStartDeliversItOnce()
    {
        await using var slack = await FakeSlackWebApi.StartAsync();
        slack.EnforceChannelRate = false;
        int port = HostTestSupport.FreePort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        // First run: subscribe, then Slack goes down and a new article arrives.
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var serving = PolicyBotCli.RunAsync(ServeArgs(slack, port), TextWriter.Null, new StringWriter(), stop.Token);
        Assert.True(await HostTestSupport.WaitForHealthAsync(http), "the bot did not start");
        using var subscribed = await ServeOpsSupport.SlashCommandAsync(http, slack, Secret, "/subscribe", "");
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        slack.FailNext(1_000_000);
        _folder.Write("outage.md", "---\ntitle: \"Port strike delays car shipments\"\n---\nDock workers in Antwerp stopped work for three days, delaying car shipments to Britain.\n");
        await ServeOpsSupport.UntilAsync(async () => (await AlertsAsync()).Any(a => a.Attempts >= 2), "a retried alert");
        string during = "";
        await ServeOpsSupport.UntilAsync(async () => (during = await ServeOpsSupport.ScrapeAsync(http)).Contains("\npolicybot_outbox_depth 1\n", StringComparison.Ordinal), "the outbox depth gauge to show the alert");
        await stop.CancelAsync();
        Assert.Equal(0, await serving);
        var afterStop = Assert.Single(await AlertsAsync());

        // Second run with Slack back: the waiting alert is delivered.
        slack.FailNext(0);
        using var stop2 = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var serving2 = PolicyBotCli.RunAsync(ServeArgs(slack, port), TextWriter.Null, new StringWriter(), stop2.Token);
        Assert.True(await HostTestSupport.WaitForHealthAsync(http), "the bot did not restart");
        await ServeOpsSupport.UntilAsync(() => slack.Posted.Any(p => p.Text.Contains("Port strike delays car shipments", StringComparison.Ordinal)), "the alert after the restart");
        await ServeOpsSupport.UntilAsync(async () => (await AlertsAsync()).Single().State == AlertState.Sent, "the alert recorded as sent");
        string after = await ServeOpsSupport.ScrapeAsync(http);
        await stop2.CancelAsync();
        Assert.Equal(0, await serving2);

        Assert.Contains(afterStop.State, new[] { AlertState.Pending, AlertState.Sending });
        Assert.Single(slack.Posted, p => p.Text.StartsWith("New article", StringComparison.Ordinal)); // the seed was the baseline
        Assert.Single(slack.Posted, p => p.Text.Contains("Port strike delays car shipments", StringComparison.Ordinal));
        Assert.Contains("\npolicybot_alerts_retried_total{platform=\"slack\"} ", during, StringComparison.Ordinal);
        Assert.DoesNotContain("policybot_alerts_sent_total{", during, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_alerts_sent_total{platform=\"slack\"} 1\n", after, StringComparison.Ordinal);
    }
}
