using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Adapters.Slack.Tests.Api;

public sealed class SlackApiClientTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private FakeSlackWebApi _slack = null!;

    public async Task InitializeAsync() => _slack = await FakeSlackWebApi.StartAsync();

    public async Task DisposeAsync() => await _slack.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private SlackApiClient Client(TimeProvider? time = null, string? token = null) =>
        new(_http, _slack.BaseUrl, token ?? _slack.BotToken, time ?? new InstantTimeProvider(), NullLogger.Instance);

    [Fact]
    public async Task AuthTestAsync_ValidToken_ReturnsTheBotsOwnIds()
    {
        var identity = await Client().AuthTestAsync(CancellationToken.None);

        Assert.Equal(new SlackIdentity(_slack.BotUserId, _slack.BotId, "T0000FAKE"), identity);
    }

    [Fact]
    public async Task PostMessageAsync_InThread_IsAcceptedWithFallbackTextAndBlocks()
    {
        var blocks = new JsonArray(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = "> quote" } });

        var result = await Client().PostMessageAsync("C0000GENERAL", "quote — Title, paragraph 2", blocks, "1700000000.000100", CancellationToken.None);

        Assert.True(result.Ok, result.Error);
        Assert.NotNull(result.Ts);
        var posted = Assert.Single(_slack.Posted);
        Assert.Equal("1700000000.000100", posted.ThreadTs);
        Assert.Equal("quote — Title, paragraph 2", posted.Text);
        Assert.Equal("> quote", posted.Blocks![0]!["text"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostMessageAsync_SlackSaysNo_ReturnsTheErrorAsAValue()
    {
        var result = await Client().PostMessageAsync("C0000UNKNOWN", "hello", null, null, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal("channel_not_found", result.Error);
    }

    [Fact]
    public async Task CallAsync_WrongToken_IsInvalidAuth()
    {
        var identity = await Client(token: "xoxb-wrong").AuthTestAsync(CancellationToken.None);
        var result = await Client(token: "xoxb-wrong").PostMessageAsync("C0000GENERAL", "hello", null, null, CancellationToken.None);

        Assert.Null(identity);
        Assert.Equal("invalid_auth", result.Error);
    }

    [Fact]
    public async Task PostMessageAsync_RateLimited_WaitsRetryAfterAndDelivers()
    {
        var time = new InstantTimeProvider();
        var client = Client(time);
        _slack.RateLimitNext(2);

        var result = await client.PostMessageAsync("C0000GENERAL", "hello", null, null, CancellationToken.None);

        Assert.True(result.Ok, result.Error);
        Assert.Equal(2, client.RateLimitWaits);
        Assert.True(time.Waited >= TimeSpan.FromSeconds(2), $"waited {time.Waited}");
        Assert.Single(_slack.Posted);
    }

    [Fact]
    public async Task PostMessageAsync_ServiceUnavailable_RetriesWithBackoffAndDelivers()
    {
        var time = new InstantTimeProvider();
        _slack.FailNext(3);

        var result = await Client(time).PostMessageAsync("C0000GENERAL", "hello", null, null, CancellationToken.None);

        Assert.True(result.Ok, result.Error);
        Assert.Single(_slack.Posted);
        Assert.True(time.Waited >= TimeSpan.FromMilliseconds(250 + 500 + 1000));
    }

    [Fact]
    public async Task PostMessageAsync_OutageLongerThanTheRetries_ReportsFailureInsteadOfThrowing()
    {
        _slack.FailNext(10);

        var result = await Client().PostMessageAsync("C0000GENERAL", "hello", null, null, CancellationToken.None);

        Assert.False(result.Ok);
        Assert.Equal("http_503", result.Error);
        Assert.Empty(_slack.Posted);
    }

    [Fact]
    public async Task PostMessageAsync_BurstToOneChannel_IsPacedSoSlackNeverRateLimits()
    {
        var client = Client(TimeProvider.System); // Real pacing: the fake enforces ~1 message a second per channel.

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => client.PostMessageAsync("C0000GENERAL", $"message {i}", null, null, CancellationToken.None)));

        Assert.All(results, r => Assert.True(r.Ok, r.Error));
        Assert.Equal(4, _slack.Posted.Count);
        Assert.Equal(0, _slack.RateLimitedResponses);
    }
}
