using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using PolicyBot.Adapters.Slack.Signing;
using PolicyBot.Hosting;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Host.Tests;

/// <summary>
/// Alerts end to end: `policybot serve` with Slack on, a channel subscribes with /subscribe, then an article dropped into
/// the watched folder and an item in a local RSS feed each reach the fake Slack once — and not again after a restart.
/// </summary>
public sealed class ServeAlertsTests : IDisposable
{
    private const string Secret = "alerts-test-signing-secret";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly TempArticleFolder _folder = new();

    public ServeAlertsTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();


    private const string Feed = """
        <?xml version="1.0" encoding="utf-8"?>
        <rss version="2.0"><channel><title>Trade Wire</title><link>http://127.0.0.1/</link>
        <item><guid>wire-1</guid><title>Steel safeguard extended</title><link>http://127.0.0.1/wire-1</link>
        <description><![CDATA[<p>The European Commission extended the steel safeguard for two more years on Monday, keeping import quotas in place for sixteen product categories.</p><p>Producers had asked for the extension because of global overcapacity. Importers said construction costs would rise as a result.</p><p>The measure will be reviewed in twelve months, the Commission said, and quotas could be cut further if imports surge again during the review.</p>]]></description></item>
        <item><guid>wire-1</guid><title>Steel safeguard extended</title><link>http://127.0.0.1/wire-1</link><description>duplicate of the first item</description></item>
        </channel></rss>
        """;

    private static async Task<WebApplication> ServeFeedAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/feed.xml", () => Results.Text(Feed, "application/rss+xml"));
        await app.StartAsync();
        return app;
    }

    private string[] ServeArgs(FakeSlackWebApi slack, int port, int feedPort) => new[]
    {
        "serve", "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false",
        "--Slack:Enabled=true", $"--Slack:BotToken={slack.BotToken}", $"--Slack:SigningSecret={Secret}", $"--Slack:ApiBaseUrl={slack.BaseUrl}",
        $"--Http:Urls=http://127.0.0.1:{port}", $"--Storage:ConnectionString=Data Source={Path.Combine(_folder.Root, "alerts.db")}",
        "--Alerts:ChannelInterval=00:00:00", "--Articles:WatchSettle=00:00:00.200", "--Articles:RescanInterval=00:00:01",
        $"--Articles:Feeds:0=http://127.0.0.1:{feedPort}/feed.xml", "--Articles:AllowPrivateNetworks=true",
    };

    [Fact]
    public async Task Serve_SubscribedChannel_GetsOneAlertPerNewArticleFromTheFolderAndTheFeed()
    {
        await using var slack = await FakeSlackWebApi.StartAsync();
        slack.EnforceChannelRate = false;
        int port = HostTestSupport.FreePort();
        int feedPort = HostTestSupport.FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var error = new StringWriter();

        // First start, without the feed being reachable yet: the seed becomes the baseline.
        var serving = PolicyBotCli.RunAsync(ServeArgs(slack, port, feedPort), TextWriter.Null, error, stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.True(await HostTestSupport.WaitForHealthAsync(http), "the bot did not start");

        var subscribed = await SlashCommandAsync(http, slack, "/subscribe", "");
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        Assert.Contains("every new article", await subscribed.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        _folder.Write("tariffs/new-quota.md", "---\ntitle: \"Canada sets an EV import quota\"\nsource: \"Observer Net\"\nurl: \"https://example.org/ev-quota\"\n---\nCanada will allow 49,000 Chinese electric vehicles a year at a tariff of 6.1 percent.\n\nThe quota rises each year. Automakers in Ontario criticised the decision.\n\nOfficials said the deal would bring investment in battery plants.\n");
        var alert = await WaitForPostAsync(slack, p => p.Text.Contains("Canada sets an EV import quota", StringComparison.Ordinal));
        Assert.Equal("C0000GENERAL", alert.Channel);
        Assert.Contains("49,000", alert.Text, StringComparison.Ordinal);

        await stop.CancelAsync();
        Assert.Equal(0, await serving);

        // Second start with the feed up: the feed item arrives once (its duplicate does not), the folder article does not come again.
        await using var feed = await ServeFeedAsync(feedPort);
        using var stop2 = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var serving2 = PolicyBotCli.RunAsync(ServeArgs(slack, port, feedPort), TextWriter.Null, error, stop2.Token);
        Assert.True(await HostTestSupport.WaitForHealthAsync(http), "the bot did not start");
        await WaitForPostAsync(slack, p => p.Text.Contains("Steel safeguard extended", StringComparison.Ordinal));
        // A later article proves the bot kept going; everything before it has been seen by then.
        _folder.Write("later.md", "---\ntitle: \"Later news on wheat\"\n---\nWheat exports from Argentina rose by a fifth this season.\n");
        await WaitForPostAsync(slack, p => p.Text.Contains("Later news on wheat", StringComparison.Ordinal));
        await stop2.CancelAsync();
        Assert.Equal(0, await serving2);

        Assert.Single(slack.Posted, p => p.Text.Contains("Canada sets an EV import quota", StringComparison.Ordinal));
        Assert.Single(slack.Posted, p => p.Text.Contains("Steel safeguard extended", StringComparison.Ordinal));
        // The seed was the baseline: the only alerts are the three new articles.
        Assert.Equal(3, slack.Posted.Count(p => p.Text.StartsWith("New article", StringComparison.Ordinal)));
    }


    private static async Task<PostedMessage> WaitForPostAsync(FakeSlackWebApi slack, Func<PostedMessage, bool> match)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (slack.Posted.FirstOrDefault(match) is { } post)
            {
                return post;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("no matching Slack post; posted: " + string.Join(" | ", slack.Posted.Select(p => p.Text[..Math.Min(80, p.Text.Length)])));
    }

    private static async Task<HttpResponseMessage> SlashCommandAsync(HttpClient http, FakeSlackWebApi slack, string command, string text)
    {
        string body = "token=x&team_id=T0000FAKE&team_domain=fake&channel_id=C0000GENERAL&channel_name=general&user_id=U0000ALICE&user_name=alice" +
            $"&command={Uri.EscapeDataString(command)}&text={Uri.EscapeDataString(text)}&api_app_id=A0000BOT" +
            $"&response_url={Uri.EscapeDataString(slack.NewResponseUrl().AbsoluteUri)}&trigger_id=1.2.3";
        var bytes = Encoding.UTF8.GetBytes(body);
        long ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/slack/commands", UriKind.Relative)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-www-form-urlencoded");
        request.Headers.Add(SlackSignatureVerifier.TimestampHeader, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SlackSignatureVerifier.SignatureHeader, SlackSignatureVerifier.Sign(Secret, ts, bytes));
        return await http.SendAsync(request);
    }
}
