using System.Net;
using System.Text.Json.Nodes;
using PolicyBot.Hosting;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeDiscord;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Host.Tests;

/// <summary>/readyz says whether the bot can work (index, store, platform connections); /healthz only that it is alive.</summary>
public sealed class ReadinessTests : IDisposable
{
    private const string Secret = "readiness-test-signing-secret";
    private readonly TempArticleFolder _folder = new();

    public ReadinessTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();

    private static async Task<(HttpStatusCode Status, JsonObject Body)> ReadyzAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/readyz", UriKind.Relative));
        return (response.StatusCode, (JsonObject)JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task Readyz_SlackOverHttpWithTheIndexAndStore_Is200WithEachCheck()
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

        var (status, body) = await ReadyzAsync(http);
        using var health = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        string healthText = await health.Content.ReadAsStringAsync();
        await stop.CancelAsync();
        Assert.Equal(0, await serving);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", (string?)body["status"]);
        Assert.Empty(body["failed"]!.AsArray());
        Assert.True((bool)body["checks"]!["index"]!["ok"]!);
        Assert.True((bool)body["checks"]!["store"]!["ok"]!);
        Assert.Null(body["checks"]!["discord_gateway"]);
        Assert.Equal("ok", healthText);
    }

    [Fact]
    public async Task Readyz_DiscordGatewayRefusingConnections_Is503NamingTheGatewayUntilItConnects()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        await using var gateway = await FakeDiscordGateway.StartAsync(new FakeDiscordGatewayOptions { BotToken = discord.BotToken, BotUserId = discord.BotUserId, HeartbeatIntervalMs = 1000 });
        gateway.RefuseConnections = true;
        discord.GatewayUrl = gateway.Url;
        int port = HostTestSupport.FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var serving = PolicyBotCli.RunAsync(
            new[]
            {
                "serve", "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false",
                "--Discord:Enabled=true", $"--Discord:ApplicationId={discord.ApplicationId}", $"--Discord:PublicKey={discord.PublicKeyHex}",
                $"--Discord:BotToken={discord.BotToken}", $"--Discord:ApiBaseUrl={discord.ApiBaseUrl}", "--Discord:Gateway=true", "--Discord:RegisterCommands=false",
                $"--Http:Urls=http://127.0.0.1:{port}", $"--Storage:ConnectionString=Data Source={Path.Combine(_folder.Root, "alerts.db")}",
            },
            TextWriter.Null, new StringWriter(), stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.True(await HostTestSupport.WaitForHealthAsync(http), "the bot did not start");
        await ServeOpsSupport.UntilAsync(() => gateway.ConnectionAttempts >= 1, "a Gateway connection attempt");

        var (refusedStatus, refusedBody) = await ReadyzAsync(http);
        gateway.RefuseConnections = false;
        await ServeOpsSupport.UntilAsync(async () => (await ReadyzAsync(http)).Status == HttpStatusCode.OK, "/readyz to turn 200 once the Gateway accepts");
        var (readyStatus, readyBody) = await ReadyzAsync(http);
        await stop.CancelAsync();
        Assert.Equal(0, await serving);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refusedStatus);
        Assert.Equal("not ready", (string?)refusedBody["status"]);
        Assert.Equal("discord_gateway", (string?)Assert.Single(refusedBody["failed"]!.AsArray()));
        Assert.False((bool)refusedBody["checks"]!["discord_gateway"]!["ok"]!);
        Assert.True((bool)refusedBody["checks"]!["index"]!["ok"]!);
        Assert.Equal(HttpStatusCode.OK, readyStatus);
        Assert.True((bool)readyBody["checks"]!["discord_gateway"]!["ok"]!);
    }

    [Fact]
    public async Task Readyz_SlackSocketMode_NamesTheSocketCheckAndIs200OnceConnected()
    {
        await using var slack = await FakeSlackWebApi.StartAsync();
        int port = HostTestSupport.FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var serving = PolicyBotCli.RunAsync(
            new[]
            {
                "serve", "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false",
                "--Slack:Enabled=true", "--Slack:Mode=Socket", $"--Slack:BotToken={slack.BotToken}", $"--Slack:AppToken={slack.AppToken}", $"--Slack:ApiBaseUrl={slack.BaseUrl}",
                $"--Http:Urls=http://127.0.0.1:{port}", "--Alerts:Enabled=false",
            },
            TextWriter.Null, new StringWriter(), stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.True(await HostTestSupport.WaitForHealthAsync(http), "the bot did not start");
        await ServeOpsSupport.UntilAsync(() => slack.ConnectionsOpened >= 1, "a Socket Mode connection");
        await ServeOpsSupport.UntilAsync(async () => (await ReadyzAsync(http)).Status == HttpStatusCode.OK, "/readyz to turn 200 once the socket is open");

        var (status, body) = await ReadyzAsync(http);
        await stop.CancelAsync();
        Assert.Equal(0, await serving);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("connected", (string?)body["checks"]!["slack_socket_mode"]!["detail"]);
        Assert.Null(body["checks"]!["store"]);
        Assert.Equal(new[] { "index", "slack_socket_mode" }, body["checks"]!.AsObject().Select(c => c.Key));
    }
}
