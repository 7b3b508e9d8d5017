using System.Net;
using System.Text;
using PolicyBot.Adapters.Slack.Signing;
using PolicyBot.Hosting;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Host.Tests;

/// <summary>`policybot serve` with Slack enabled, end to end over loopback against the fake Slack Web API.</summary>
public sealed class ServeSlackTests : IDisposable
{
    private const string Secret = "serve-test-signing-secret";
    private readonly TempArticleFolder _folder = new();

    public ServeSlackTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();


    [Fact]
    public async Task Serve_SlackEnabled_AnswersASignedMentionInItsThreadAndServesHealthz()
    {
        await using var slack = await FakeSlackWebApi.StartAsync();
        int port = HostTestSupport.FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var error = new StringWriter();
        var serving = PolicyBotCli.RunAsync(
            new[]
            {
                "serve", "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false",
                "--Slack:Enabled=true", $"--Slack:BotToken={slack.BotToken}", $"--Slack:SigningSecret={Secret}", $"--Slack:ApiBaseUrl={slack.BaseUrl}",
                $"--Http:Urls=http://127.0.0.1:{port}",
            },
            TextWriter.Null, error, stop.Token);

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.True(await HostTestSupport.WaitForHealthAsync(http), "the bot did not start");

        string body = """{"token":"x","team_id":"T0000FAKE","api_app_id":"A0000BOT","type":"event_callback","event_id":"EvServe1","event_time":1700000000,"event":{"type":"app_mention","user":"U0000ALICE","text":"<@UBOT00001> What does Tesla plan to build in Nevada?","ts":"1700000100.000200","channel":"C0000GENERAL","event_ts":"1700000100.000200"}}""";
        var bytes = Encoding.UTF8.GetBytes(body);
        long ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/slack/events", UriKind.Relative)) { Content = new ByteArrayContent(bytes) };
        request.Headers.Add(SlackSignatureVerifier.TimestampHeader, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SlackSignatureVerifier.SignatureHeader, SlackSignatureVerifier.Sign(Secret, ts, bytes));
        using var delivered = await http.SendAsync(request);

        for (int i = 0; i < 200 && slack.Posted.Count == 0; i++)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        int code = await serving;

        Assert.Equal(HttpStatusCode.OK, delivered.StatusCode);
        var post = Assert.Single(slack.Posted);
        Assert.Equal("1700000100.000200", post.ThreadTs);
        Assert.Contains("cell factory in Nevada", post.Text);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Serve_SlackEnabledWithoutSecrets_StopsNamingTheSettings()
    {
        var error = new StringWriter();

        int code = await PolicyBotCli.RunAsync(new[] { "serve", "--articles", _folder.Articles, "--Slack:Enabled=true" }, TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("Slack:BotToken", error.ToString());
        Assert.Contains("Slack:SigningSecret", error.ToString());
    }
}
