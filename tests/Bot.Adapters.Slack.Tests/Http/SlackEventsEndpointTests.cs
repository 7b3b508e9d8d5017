using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.Adapters.Slack.Http;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Adapters.Slack.Signing;
using PolicyBot.Core.Search;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Adapters.Slack.Tests.Http;

/// <summary>The events endpoint over real HTTP on loopback, answering through Core into a fake Slack Web API.</summary>
public sealed class SlackEventsEndpointTests : IAsyncLifetime, IDisposable
{
    private const string Secret = "8f742231b10e8888abcd99yyyzzz85a5";
    private readonly TempArticleFolder _folder = new();
    private readonly HttpClient _http = new();
    private FakeSlackWebApi _slack = null!;
    private WebApplication _bot = null!;
    private ArticleLibrary _library = null!;
    private Uri _events = null!;

    public async Task InitializeAsync()
    {
        _folder.AddSeed();
        _library = _folder.OpenLibrary();
        _slack = await FakeSlackWebApi.StartAsync();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(TempArticleFolder.Engine(_library));
        builder.Services.AddSingleton(new SlackApiClient(_http, _slack.BaseUrl, _slack.BotToken, TimeProvider.System, NullLogger.Instance));
        builder.Services.AddSingleton(new SlackSignatureVerifier(Secret, TimeProvider.System));
        builder.Services.AddSingleton(new SlackDeduplicator(TimeProvider.System));
        builder.Services.AddSingleton(new SlackBotIdentity { UserId = _slack.BotUserId });
        builder.Services.AddSingleton<SlackPendingMessages>();
        builder.Services.AddSingleton<SlackResponder>();
        builder.Services.AddHostedService<SlackWorker>();
        _bot = builder.Build();
        _bot.MapSlackEvents();
        await _bot.StartAsync();
        string address = _bot.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _events = new Uri(address.TrimEnd('/') + SlackEventsEndpoint.Route);
    }

    public async Task DisposeAsync()
    {
        await _bot.StopAsync();
        await _bot.DisposeAsync();
        await _slack.DisposeAsync();
        _library.Dispose();
    }

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    private static string Mention(string eventId, string ts, string text, string user = "U0000ALICE") => $$$"""
        {"token":"x","team_id":"T0000FAKE","api_app_id":"A0000BOT","type":"event_callback","event_id":"{{{eventId}}}","event_time":1700000000,
         "event":{"type":"app_mention","user":"{{{user}}}","text":"<@UBOT00001> {{{text}}}","ts":"{{{ts}}}","channel":"C0000GENERAL","event_ts":"{{{ts}}}"}}
        """;

    private async Task<HttpResponseMessage> Deliver(string body, string? secret = Secret, long? timestamp = null, int? retry = null)
    {
        long ts = timestamp ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var bytes = Encoding.UTF8.GetBytes(body);
        using var request = new HttpRequestMessage(HttpMethod.Post, _events) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.Add(SlackSignatureVerifier.TimestampHeader, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SlackSignatureVerifier.SignatureHeader, SlackSignatureVerifier.Sign(secret ?? "wrong-secret", ts, bytes));
        if (retry is { } n)
        {
            request.Headers.Add("X-Slack-Retry-Num", n.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        return await _http.SendAsync(request);
    }

    /// <summary>Waits (bounded) until the fake has received <paramref name="count"/> posts.</summary>
    private async Task<IReadOnlyList<PostedMessage>> PostsAfter(int count)
    {
        for (int i = 0; i < 200 && _slack.Posted.Count < count; i++)
        {
            await Task.Delay(50);
        }

        return _slack.Posted;
    }

    [Fact]
    public async Task UrlVerification_Signed_EchoesTheChallenge()
    {
        using var response = await Deliver("""{"token":"x","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AppMention_AckedThenAnsweredInTheThreadWithACitedQuote()
    {
        using var response = await Deliver(Mention("Ev0001", "1700000001.000100", "What does Tesla plan to build in Nevada?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var post = Assert.Single(await PostsAfter(1));
        Assert.Equal("C0000GENERAL", post.Channel);
        Assert.Equal("1700000001.000100", post.ThreadTs);
        Assert.Contains("cell factory in Nevada", post.Text);
        Assert.Contains("paragraph 8", post.Text);
        Assert.NotNull(post.Blocks);
    }

    [Theory]
    [InlineData(null, 0L)]
    [InlineData(Secret, -600L)]
    public async Task BadOrStaleSignature_Is401AndNeverAnswered(string? secret, long offsetSeconds)
    {
        long? timestamp = offsetSeconds == 0 ? null : DateTimeOffset.UtcNow.ToUnixTimeSeconds() + offsetSeconds;

        using var refused = await Deliver(Mention("Ev0002", "1700000002.000100", "What does Tesla plan to build in Nevada?"), secret, timestamp);
        using var accepted = await Deliver(Mention("Ev0003", "1700000003.000100", "Should blanket tariffs be reconsidered?"));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var posts = await PostsAfter(1);
        await Task.Delay(200);
        Assert.Single(_slack.Posted);
        Assert.Equal("1700000003.000100", posts[0].ThreadTs);
    }

    [Fact]
    public async Task RetriesAndDuplicates_AreAnsweredOnce()
    {
        string body = Mention("Ev0004", "1700000004.000100", "What does Tesla plan to build in Nevada?");

        using var first = await Deliver(body);
        using var retry = await Deliver(body, retry: 1);
        using var sameMessageOtherEvent = await Deliver(Mention("Ev0005", "1700000004.000100", "What does Tesla plan to build in Nevada?"));
        using var next = await Deliver(Mention("Ev0006", "1700000006.000100", "Should blanket tariffs be reconsidered?"));

        Assert.All(new[] { first, retry, sameMessageOtherEvent, next }, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await PostsAfter(2);
        await Task.Delay(200);
        Assert.Equal(new[] { "1700000004.000100", "1700000006.000100" }, _slack.Posted.Select(p => p.ThreadTs).Order());
    }

    [Fact]
    public async Task OwnMessageEcho_IsAckedAndIgnored()
    {
        string echo = """
            {"token":"x","team_id":"T0000FAKE","api_app_id":"A0000BOT","type":"event_callback","event_id":"Ev0007","event_time":1700000000,
             "event":{"type":"message","user":"UBOT00001","bot_id":"BBOT00001","text":"An answer","ts":"1700000007.000100","channel":"C0000GENERAL","channel_type":"channel"}}
            """;

        using var response = await Deliver(echo);
        using var accepted = await Deliver(Mention("Ev0008", "1700000008.000100", "Should blanket tariffs be reconsidered?"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await PostsAfter(1);
        await Task.Delay(200);
        Assert.Equal("1700000008.000100", Assert.Single(_slack.Posted).ThreadTs);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("""{"type":"event_callback","event":{"type":"app_mention"}}""")]
    public async Task MalformedBody_Signed_Is400NotA500(string body)
    {
        using var response = await Deliver(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
