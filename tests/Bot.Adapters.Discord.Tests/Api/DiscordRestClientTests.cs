using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Adapters.Discord.Api;
using PolicyBot.Adapters.Discord.Commands;
using PolicyBot.Adapters.Discord.Rendering;
using PolicyBot.TestKit.FakeDiscord;

namespace PolicyBot.Adapters.Discord.Tests.Api;

/// <summary>The REST client against the fake Discord over loopback: auth, user agent, buckets, 429s, 5xx, nonces.</summary>
public sealed class DiscordRestClientTests : IDisposable
{
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private DiscordRestClient Client(FakeDiscordApi discord, string? token = null) =>
        new(_http, discord.ApiBaseUrl, token ?? discord.BotToken, TimeProvider.System, NullLogger.Instance);

    private static JsonObject Hello(string text) => new DiscordMessage(text, Array.Empty<JsonObject>(), Array.Empty<JsonObject>()).ToJson();

    [Fact]
    public async Task CreateMessage_IsAcceptedWithAuthUserAgentNonceAndReply()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        var client = Client(discord);

        var result = await client.CreateMessageAsync("1100000000000000042", Hello("hello @everyone"), "1100000000000000099", "n-1", CancellationToken.None);

        Assert.True(result.Ok, result.ToString());
        Assert.NotNull(result.MessageId);
        var posted = Assert.Single(discord.Messages);
        Assert.Equal("1100000000000000099", posted.ReferencedMessageId);
        Assert.Equal("n-1", posted.Nonce);
        Assert.Empty(posted.Pings);
    }

    [Fact]
    public async Task WrongToken_IsAValueNotAnException()
    {
        await using var discord = await FakeDiscordApi.StartAsync();

        var result = await Client(discord, "not-the-token").CreateMessageAsync("1100000000000000042", Hello("x"), null, "n", CancellationToken.None);

        Assert.Equal(HttpStatusCode.Unauthorized, result.Status);
        Assert.False(result.Ok);
    }

    [Fact]
    public async Task SpentBucket_IsWaitedOutFromTheHeadersWithoutEverHittingA429()
    {
        await using var discord = await FakeDiscordApi.StartAsync(new FakeDiscordOptions { BucketLimit = 3, BucketWindow = TimeSpan.FromMilliseconds(400) });
        var client = Client(discord);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => client.CreateMessageAsync("1100000000000000042", Hello("m" + i), null, "n" + i, CancellationToken.None)));

        Assert.All(results, r => Assert.True(r.Ok, r.ToString()));
        Assert.Equal(8, discord.Messages.Count);
        Assert.Equal(0, discord.RateLimitedResponses);
        Assert.Equal(0, discord.EarlyRetries);
        Assert.True(client.RateLimitWaits > 0);
    }

    [Fact]
    public async Task TwoChannels_HaveIndependentBuckets()
    {
        await using var discord = await FakeDiscordApi.StartAsync(new FakeDiscordOptions { BucketLimit = 2, BucketWindow = TimeSpan.FromMinutes(5) });
        var client = Client(discord);
        for (int i = 0; i < 2; i++)
        {
            Assert.True((await client.CreateMessageAsync("1100000000000000001", Hello("a" + i), null, "a" + i, CancellationToken.None)).Ok);
        }

        // The first channel is spent for minutes; another channel must not wait for it.
        using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var other = await client.CreateMessageAsync("1100000000000000002", Hello("b"), null, "b", quick.Token);

        Assert.True(other.Ok, other.ToString());
        Assert.Equal(0, discord.EarlyRetries);
    }

    [Theory]
    [InlineData("user")]
    [InlineData("shared")]
    [InlineData("global")]
    public async Task RateLimited_WaitsRetryAfterThenSucceeds(string scope)
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        var client = Client(discord);
        discord.RateLimitNext(2, scope, 0.3);

        var result = await client.CreateMessageAsync("1100000000000000042", Hello("after the storm"), null, "n", CancellationToken.None);

        Assert.True(result.Ok, result.ToString());
        Assert.Equal(2, discord.RateLimitedResponses);
        Assert.Equal(0, discord.EarlyRetries);
        Assert.Single(discord.Messages);
    }

    [Fact]
    public async Task GlobalRateLimit_HoldsEveryBotRouteNotJustTheOneThatHitIt()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        var client = Client(discord);
        discord.RateLimitNext(1, "global", 0.5);

        var first = client.CreateMessageAsync("1100000000000000001", Hello("one"), null, "one", CancellationToken.None);
        await discord.WaitUntilAsync(() => client.RateLimitWaits == 1, TimeSpan.FromSeconds(10));
        var second = client.CreateMessageAsync("1100000000000000002", Hello("two"), null, "two", CancellationToken.None);
        var results = await Task.WhenAll(first, second);

        Assert.All(results, r => Assert.True(r.Ok, r.ToString()));
        Assert.Equal(0, discord.EarlyRetries);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedWithBackoff()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        var client = Client(discord);
        discord.FailNext(2, 502);

        var result = await client.CreateMessageAsync("1100000000000000042", Hello("eventually"), null, "n", CancellationToken.None);

        Assert.True(result.Ok, result.ToString());
        Assert.Single(discord.Messages);
    }

    [Fact]
    public async Task SameNonce_PostsOnce()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        var client = Client(discord);

        var first = await client.CreateMessageAsync("1100000000000000042", Hello("once"), null, "same-nonce", CancellationToken.None);
        var again = await client.CreateMessageAsync("1100000000000000042", Hello("once"), null, "same-nonce", CancellationToken.None);

        Assert.Equal(first.MessageId, again.MessageId);
        Assert.Single(discord.Messages);
    }

    [Fact]
    public async Task ForbiddenChannel_ReportsMissingAccess()
    {
        await using var discord = await FakeDiscordApi.StartAsync(new FakeDiscordOptions { ForbiddenChannels = { "1100000000000000666" } });

        var result = await Client(discord).CreateMessageAsync("1100000000000000666", Hello("x"), null, "n", CancellationToken.None);

        Assert.Equal(HttpStatusCode.Forbidden, result.Status);
        Assert.Equal(50001, result.Code);
    }

    [Fact]
    public async Task Unreachable_GivesUpWithAValue()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var client = new DiscordRestClient(_http, new Uri($"http://127.0.0.1:{port}/api/v10/"), "t", TimeProvider.System, NullLogger.Instance) { FirstBackoff = TimeSpan.FromMilliseconds(10) };

        var result = await client.GetGatewayUrlAsync(cancel.Token);

        Assert.Null(result);
    }

    [Fact]
    public async Task CommandDefinitions_AreAcceptedByDiscordsValidation()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        var client = Client(discord);

        var global = await client.OverwriteCommandsAsync(discord.ApplicationId, null, DiscordCommands.Definitions(), CancellationToken.None);
        var guild = await client.OverwriteCommandsAsync(discord.ApplicationId, FakeDiscordApi.DefaultGuildId, DiscordCommands.Definitions(), CancellationToken.None);

        Assert.True(global.Ok, global.Body?.ToJsonString());
        Assert.True(guild.Ok, guild.Body?.ToJsonString());
        Assert.Equal(new[] { "ask", "summary", "articles", "quotes", "facts", "help", "subscribe", "unsubscribe", "subscriptions", "add" }, discord.GlobalCommands.Select(c => (string)c["name"]!));
        Assert.Equal(10, discord.GuildCommands(FakeDiscordApi.DefaultGuildId).Count);
    }

    [Fact]
    public async Task GatewayUrl_ComesFromGatewayBot()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        discord.GatewayUrl = new Uri("ws://127.0.0.1:9/gateway");

        Assert.Equal(discord.GatewayUrl, await Client(discord).GetGatewayUrlAsync(CancellationToken.None));
    }
}
