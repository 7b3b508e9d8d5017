using System.Globalization;
using System.Text.Json.Nodes;
using PolicyBot.TestKit.FakeDiscord;
using static PolicyBot.Adapters.Discord.Tests.FakeDiscord.FakeDiscordHttp;

namespace PolicyBot.Adapters.Discord.Tests.FakeDiscord;

public sealed class FakeDiscordRestTests : IAsyncLifetime, IDisposable
{
    private const string Channel = "1100000000000000001";
    private readonly HttpClient _http = new();
    private readonly ManualClock _clock = new();
    private FakeDiscordApi _discord = null!;

    public async Task InitializeAsync() => _discord = await FakeDiscordApi.StartAsync(new FakeDiscordOptions
    {
        TimeProvider = _clock,
        ForbiddenChannels = { "1100000000000000666" },
        UnknownChannels = { "1100000000000000404" },
    });

    public async Task DisposeAsync() => await _discord.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private Task<(HttpResponseMessage Response, JsonNode? Body)> Post(JsonObject body, string channel = Channel) =>
        SendAsync(_http, _discord, HttpMethod.Post, $"channels/{channel}/messages", body);

    [Fact]
    public async Task GatewayBot_Authorized_ReturnsConfiguredUrlAndSessionLimits()
    {
        _discord.GatewayUrl = new Uri("ws://127.0.0.1:1234/gateway");

        var (response, body) = await SendAsync(_http, _discord, HttpMethod.Get, "gateway/bot");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("ws://127.0.0.1:1234/gateway", body!["url"]!.GetValue<string>());
        Assert.Equal(1, body["shards"]!.GetValue<int>());
        Assert.Equal(1, body["session_start_limit"]!["max_concurrency"]!.GetValue<int>());
        Assert.EndsWith("/api/v10/", _discord.ApiBaseUrl.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WrongOrMissingToken_Is401Unauthorized()
    {
        var (missing, body) = await SendAsync(_http, _discord, HttpMethod.Get, "gateway/bot", auth: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_discord.ApiBaseUrl, "gateway/bot"));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _discord.BotToken);
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        using var bearer = await _http.SendAsync(request);

        Assert.Equal(401, (int)missing.StatusCode);
        Assert.Equal("401: Unauthorized", body!["message"]!.GetValue<string>());
        Assert.Equal(0, Code(body));
        Assert.Equal(401, (int)bearer.StatusCode);
    }

    [Fact]
    public async Task Request_WithoutDiscordBotUserAgent_Is400()
    {
        var (response, body) = await SendAsync(_http, _discord, HttpMethod.Get, "gateway/bot", userAgent: "curl/8.0");
        var (none, _) = await SendAsync(_http, _discord, HttpMethod.Get, "gateway/bot", userAgent: null);

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("DiscordBot (", body!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400, (int)none.StatusCode);
    }

    [Fact]
    public async Task CreateMessage_NonJsonContentType_Is50035()
    {
        var (response, body) = await SendAsync(_http, _discord, HttpMethod.Post, $"channels/{Channel}/messages", new JsonObject { ["content"] = "hi" }, contentType: "text/plain");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(50035, Code(body));
        Assert.Empty(_discord.Messages);
    }

    [Fact]
    public async Task CreateMessage_Valid_Returns200MessageAndRecordsIt()
    {
        FakeDiscordMessage? raised = null;
        _discord.MessageCreated += m => raised = m;

        var (response, body) = await Post(new JsonObject { ["content"] = "hello", ["message_reference"] = new JsonObject { ["message_id"] = "1500000000000000001" } });

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal("hello", body!["content"]!.GetValue<string>());
        Assert.Equal(Channel, body["channel_id"]!.GetValue<string>());
        Assert.True(body["author"]!["bot"]!.GetValue<bool>());
        Assert.Equal(_discord.BotUserId, body["author"]!["id"]!.GetValue<string>());
        var message = await _discord.WaitForMessageAsync(m => m.Content == "hello", TimeSpan.FromSeconds(5));
        Assert.Equal(body["id"]!.GetValue<string>(), message.Id);
        Assert.Equal("1500000000000000001", message.ReferencedMessageId);
        Assert.Same(message, raised);
    }

    [Fact]
    public async Task CreateMessage_2001CodePoints_Is50035OnContent()
    {
        var (response, body) = await Post(new JsonObject { ["content"] = new string('a', 2001) });
        var (emoji, _) = await Post(new JsonObject { ["content"] = string.Concat(Enumerable.Repeat("😀", 2000)) });

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(50035, Code(body));
        Assert.Equal("BASE_TYPE_MAX_LENGTH", body!["errors"]!["content"]!["_errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(200, (int)emoji.StatusCode); // 2000 code points, 4000 UTF-16 units.
    }

    [Fact]
    public async Task CreateMessage_ElevenEmbeds_Is50035OnEmbeds()
    {
        var embeds = new JsonArray(Enumerable.Range(0, 11).Select(i => (JsonNode)new JsonObject { ["title"] = "t" + i }).ToArray());

        var (response, body) = await Post(new JsonObject { ["embeds"] = embeds });

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(50035, Code(body));
        Assert.NotNull(body!["errors"]!["embeds"]!["_errors"]);
    }

    [Fact]
    public async Task CreateMessage_EmbedLimits_ReportPathByIndexAndField()
    {
        var embed = new JsonObject { ["title"] = new string('t', 257), ["fields"] = new JsonArray(new JsonObject { ["name"] = "n", ["value"] = new string('v', 1025) }) };

        var (_, body) = await Post(new JsonObject { ["embeds"] = new JsonArray(embed) });

        Assert.Equal(50035, Code(body));
        Assert.NotNull(body!["errors"]!["embeds"]!["0"]!["title"]!["_errors"]);
        Assert.NotNull(body["errors"]!["embeds"]!["0"]!["fields"]!["0"]!["value"]!["_errors"]);
    }

    [Fact]
    public async Task CreateMessage_EmbedsOver6000Total_Is50035()
    {
        var embeds = new JsonArray(Enumerable.Range(0, 2).Select(_ => (JsonNode)new JsonObject { ["description"] = new string('d', 3001) }).ToArray());

        var (_, body) = await Post(new JsonObject { ["embeds"] = embeds });

        Assert.Equal("MAX_EMBED_SIZE_EXCEEDED", body!["errors"]!["embeds"]!["_errors"]![0]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task CreateMessage_Empty_Is50006()
    {
        var (response, body) = await Post(new JsonObject { ["content"] = "" });

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(50006, Code(body));
    }

    [Fact]
    public async Task CreateMessage_BadButton_Is50035OnComponentPath()
    {
        var row = new JsonObject { ["type"] = 1, ["components"] = new JsonArray(new JsonObject { ["type"] = 2, ["style"] = 1, ["label"] = new string('l', 81), ["custom_id"] = "" }) };

        var (_, body) = await Post(new JsonObject { ["content"] = "x", ["components"] = new JsonArray(row) });

        Assert.Equal(50035, Code(body));
        Assert.NotNull(body!["errors"]!["components"]!["0"]!["components"]!["0"]!["label"]);
        Assert.NotNull(body["errors"]!["components"]!["0"]!["components"]!["0"]!["custom_id"]);
    }

    [Fact]
    public async Task CreateMessage_ParseUsersWithUsersList_Is50035()
    {
        var allowed = new JsonObject { ["parse"] = new JsonArray("users"), ["users"] = new JsonArray("1300000000000000001") };

        var (response, body) = await Post(new JsonObject { ["content"] = "<@1300000000000000001>", ["allowed_mentions"] = allowed });

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(50035, Code(body));
        Assert.NotNull(body!["errors"]!["allowed_mentions"]!["_errors"]);
    }

    [Fact]
    public async Task CreateMessage_EveryoneWithoutAllowedMentions_PingsEveryone()
    {
        await Post(new JsonObject { ["content"] = "@everyone look <@&1600000000000000001> <@!1300000000000000001> @here" });

        var message = Assert.Single(_discord.Messages);
        Assert.Equal(["everyone", "role:1600000000000000001", "user:1300000000000000001", "here"], message.Pings);
    }

    [Fact]
    public async Task CreateMessage_EveryoneWithParseEmpty_PingsNobody()
    {
        await Post(new JsonObject { ["content"] = "@everyone <@1300000000000000001>", ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() } });
        await Post(new JsonObject { ["content"] = "@everyone <@1300000000000000001>", ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray("users") } });

        Assert.Empty(_discord.Messages[0].Pings);
        Assert.Equal(["user:1300000000000000001"], _discord.Messages[1].Pings);
    }

    [Fact]
    public async Task CreateMessage_RepeatedEnforcedNonce_ReturnsOriginalWithoutSecondMessage()
    {
        var first = await Post(new JsonObject { ["content"] = "once", ["nonce"] = "abc-123", ["enforce_nonce"] = true });
        var second = await Post(new JsonObject { ["content"] = "once", ["nonce"] = "abc-123", ["enforce_nonce"] = true });
        var elsewhere = await Post(new JsonObject { ["content"] = "once", ["nonce"] = "abc-123", ["enforce_nonce"] = true }, "1100000000000000002");

        Assert.Equal(200, (int)second.Response.StatusCode);
        Assert.Equal(first.Body!["id"]!.GetValue<string>(), second.Body!["id"]!.GetValue<string>());
        Assert.NotEqual(first.Body!["id"]!.GetValue<string>(), elsewhere.Body!["id"]!.GetValue<string>());
        Assert.Equal(2, _discord.Messages.Count);
        Assert.Equal(1, _discord.NonceDuplicates);
        Assert.Equal("abc-123", _discord.Messages[0].Nonce);
    }

    [Fact]
    public async Task CreateMessage_NonceOver25Chars_Is50035()
    {
        var (_, body) = await Post(new JsonObject { ["content"] = "x", ["nonce"] = new string('n', 26) });

        Assert.Equal(50035, Code(body));
    }

    [Fact]
    public async Task CreateMessage_ForbiddenOrUnknownChannel_Is50001Or10003()
    {
        var (forbidden, fbody) = await Post(new JsonObject { ["content"] = "x" }, "1100000000000000666");
        var (unknown, ubody) = await Post(new JsonObject { ["content"] = "x" }, "1100000000000000404");

        Assert.Equal(403, (int)forbidden.StatusCode);
        Assert.Equal(50001, Code(fbody));
        Assert.Equal(404, (int)unknown.StatusCode);
        Assert.Equal(10003, Code(ubody));
    }

    [Fact]
    public async Task CreateMessage_BucketSpent_Is429AndEarlyRequestsAreCounted()
    {
        var remaining = new List<string>();
        for (int i = 0; i < 5; i++)
        {
            var (ok, _) = await Post(new JsonObject { ["content"] = "m" + i });
            Assert.Equal(200, (int)ok.StatusCode);
            remaining.Add(Header(ok, "X-RateLimit-Remaining"));
            Assert.Equal("5", Header(ok, "X-RateLimit-Limit"));
            Assert.NotEmpty(Header(ok, "X-RateLimit-Bucket"));
            Assert.True(double.Parse(Header(ok, "X-RateLimit-Reset-After"), CultureInfo.InvariantCulture) > 0);
            Assert.True(double.Parse(Header(ok, "X-RateLimit-Reset"), CultureInfo.InvariantCulture) > 1_700_000_000);
        }

        Assert.Equal(0, _discord.EarlyRetries);
        var (limited, body) = await Post(new JsonObject { ["content"] = "too many" });
        var (otherChannel, _) = await Post(new JsonObject { ["content"] = "fine" }, "1100000000000000002");

        Assert.Equal(["4", "3", "2", "1", "0"], remaining);
        Assert.Equal(429, (int)limited.StatusCode);
        Assert.Equal("user", Header(limited, "X-RateLimit-Scope"));
        Assert.Equal("5", Header(limited, "Retry-After"));
        Assert.Equal("You are being rate limited.", body!["message"]!.GetValue<string>());
        Assert.False(body["global"]!.GetValue<bool>());
        Assert.Equal(5.0, body["retry_after"]!.GetValue<double>(), 3);
        Assert.Equal(200, (int)otherChannel.StatusCode);
        Assert.Equal(1, _discord.RateLimitedResponses);
        Assert.Equal(1, _discord.EarlyRetries);

        _clock.Advance(TimeSpan.FromSeconds(5));
        var (after, _) = await Post(new JsonObject { ["content"] = "after reset" });

        Assert.Equal(200, (int)after.StatusCode);
        Assert.Equal(1, _discord.EarlyRetries);
        Assert.Equal(7, _discord.Messages.Count);
    }

    [Fact]
    public async Task RateLimitNext_User_RetryAfterHonoured_CountsNoEarlyRetry()
    {
        _discord.RateLimitNext(1, "user", 0.2);

        var (limited, body) = await Post(new JsonObject { ["content"] = "x" });
        _clock.Advance(TimeSpan.FromMilliseconds(250));
        var (ok, _) = await Post(new JsonObject { ["content"] = "x" });

        Assert.Equal(429, (int)limited.StatusCode);
        Assert.Equal(0.2, body!["retry_after"]!.GetValue<double>(), 3);
        Assert.Equal(200, (int)ok.StatusCode);
        Assert.Equal(0, _discord.EarlyRetries);
        Assert.Single(_discord.Messages);
    }

    [Fact]
    public async Task RateLimitNext_Global_MarksGlobalAndCountsAnyEarlyBotRequest()
    {
        _discord.RateLimitNext(1, "global", 1.5);

        var (limited, body) = await Post(new JsonObject { ["content"] = "x" });
        var (early, _) = await SendAsync(_http, _discord, HttpMethod.Get, "gateway/bot");

        Assert.Equal(429, (int)limited.StatusCode);
        Assert.Equal("true", Header(limited, "X-RateLimit-Global"));
        Assert.Equal("global", Header(limited, "X-RateLimit-Scope"));
        Assert.Equal("2", Header(limited, "Retry-After"));
        Assert.True(body!["global"]!.GetValue<bool>());
        Assert.Equal(200, (int)early.StatusCode);
        Assert.Equal(1, _discord.EarlyRetries);
    }

    [Fact]
    public async Task RateLimitNext_Shared_UsesTheSharedMessage()
    {
        _discord.RateLimitNext(scope: "shared");

        var (limited, body) = await Post(new JsonObject { ["content"] = "x" });

        Assert.Equal("shared", Header(limited, "X-RateLimit-Scope"));
        Assert.Equal("The resource is being rate limited.", body!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task FailNext_TwoRequests_Answer503WithoutSideEffects()
    {
        _discord.FailNext(2, 503);

        var (first, _) = await Post(new JsonObject { ["content"] = "x" });
        var (second, _) = await Post(new JsonObject { ["content"] = "x" });
        var (third, _) = await Post(new JsonObject { ["content"] = "x" });

        Assert.Equal(503, (int)first.StatusCode);
        Assert.Equal(503, (int)second.StatusCode);
        Assert.Equal(200, (int)third.StatusCode);
        Assert.Single(_discord.Messages);
    }
}
