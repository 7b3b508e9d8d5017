using System.Text.Json.Nodes;
using PolicyBot.TestKit.FakeDiscord;
using static PolicyBot.Adapters.Discord.Tests.FakeDiscord.FakeDiscordHttp;

namespace PolicyBot.Adapters.Discord.Tests.FakeDiscord;

public sealed class FakeDiscordInteractionTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private readonly ManualClock _clock = new();
    private FakeDiscordApi _discord = null!;
    private InteractionsEndpointStub _bot = null!;

    public async Task InitializeAsync()
    {
        _discord = await FakeDiscordApi.StartAsync(new FakeDiscordOptions
        {
            TimeProvider = _clock,
            InitialResponseWindow = TimeSpan.FromMilliseconds(10),
            TokenLifetime = TimeSpan.FromMinutes(1),
        });
        _bot = await InteractionsEndpointStub.StartAsync(_discord.PublicKeyHex);
        _discord.InteractionsUrl = _bot.Url;
    }

    public async Task DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _discord.DisposeAsync();
    }

    public void Dispose() => _http.Dispose();

    private Task<(HttpResponseMessage Response, JsonNode? Body)> Callback(FakeInteraction interaction, JsonObject response, string query = "") =>
        SendAsync(_http, _discord, HttpMethod.Post, $"interactions/{interaction.Id}/{interaction.Token}/callback{query}", response, auth: false);

    private Task<(HttpResponseMessage Response, JsonNode? Body)> Webhook(HttpMethod method, FakeInteraction interaction, string suffix = "", JsonObject? body = null) =>
        SendAsync(_http, _discord, method, $"webhooks/{_discord.ApplicationId}/{interaction.Token}{suffix}", body, auth: false);

    private static JsonObject Reply(string content, int flags = 0) =>
        new() { ["type"] = 4, ["data"] = new JsonObject { ["content"] = content, ["flags"] = flags } };

    private async Task<FakeInteraction> DeliverCommandAsync()
    {
        var delivery = await _discord.DeliverAsync(FakeDiscordApi.SlashCommand("policy", new Dictionary<string, object?> { ["question"] = "leave" }), CancellationToken.None);
        Assert.Equal(202, delivery.Status);
        return delivery.Interaction;
    }

    [Fact]
    public async Task Callback_SecondInitialResponse_Is40060()
    {
        var interaction = await DeliverCommandAsync();

        var (first, _) = await Callback(interaction, Reply("answer"));
        var (second, body) = await Callback(interaction, Reply("again"));

        Assert.Equal(204, (int)first.StatusCode);
        Assert.Equal(400, (int)second.StatusCode);
        Assert.Equal(40060, Code(body));
        Assert.Equal("callback", interaction.InitialVia);
        Assert.Equal("answer", interaction.Original!["content"]!.GetValue<string>());
        Assert.Equal([40060], interaction.ErrorCodes);
    }

    [Fact]
    public async Task Callback_AfterInitialResponseWindow_Is10062()
    {
        var interaction = await DeliverCommandAsync();
        _clock.Advance(TimeSpan.FromMilliseconds(20));

        var (response, body) = await Callback(interaction, Reply("too late"));

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(10062, Code(body));
        Assert.False(interaction.Acknowledged);
        Assert.Contains(10062, interaction.ErrorCodes);
    }

    [Fact]
    public async Task Callback_UnknownInteraction_Is10062()
    {
        var (response, body) = await SendAsync(_http, _discord, HttpMethod.Post, "interactions/1/nope/callback", Reply("x"), auth: false);

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(10062, Code(body));
    }

    [Fact]
    public async Task Callback_WithoutDiscordBotUserAgent_Is400()
    {
        var interaction = await DeliverCommandAsync();

        var (response, _) = await SendAsync(_http, _discord, HttpMethod.Post, $"interactions/{interaction.Id}/{interaction.Token}/callback", Reply("x"), auth: false, userAgent: "HttpClient");

        Assert.Equal(400, (int)response.StatusCode);
        Assert.False(interaction.Acknowledged);
    }

    [Fact]
    public async Task Callback_WithResponse_Returns200InteractionCallbackResponse()
    {
        var interaction = await DeliverCommandAsync();

        var (response, body) = await Callback(interaction, Reply("answer", flags: 64), "?with_response=true");

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(interaction.Id, body!["interaction"]!["id"]!.GetValue<string>());
        Assert.Equal(interaction.Original!["id"]!.GetValue<string>(), body["interaction"]!["response_message_id"]!.GetValue<string>());
        Assert.True(body["interaction"]!["response_message_ephemeral"]!.GetValue<bool>());
        Assert.Equal("answer", body["resource"]!["message"]!["content"]!.GetValue<string>());
        Assert.True(interaction.Ephemeral);
    }

    [Fact]
    public async Task DeliverAsync_InlineAnswerThenCallback_Is40060AndInteractionPingsUsersOnly()
    {
        _bot.Respond = (_, context) => InteractionsEndpointStub.Json(context, Reply("@everyone <@1300000000000000001> <@&1600000000000000001>"));

        var delivery = await _discord.DeliverAsync(FakeDiscordApi.SlashCommand("policy"), CancellationToken.None);
        var (second, body) = await Callback(delivery.Interaction, Reply("again"));

        Assert.Equal(200, delivery.Status);
        Assert.Equal("inline", delivery.Interaction.InitialVia);
        Assert.Equal(["user:1300000000000000001"], delivery.Interaction.Pings);
        Assert.Equal(40060, Code(body));
        Assert.Equal(400, (int)second.StatusCode);
    }

    [Fact]
    public async Task DeliverAsync_InlineAnswerAfterWindow_IsRecordedLateAndNotAcknowledged()
    {
        _bot.Respond = (_, context) =>
        {
            _clock.Advance(TimeSpan.FromSeconds(4));
            return InteractionsEndpointStub.Json(context, Reply("slow"));
        };

        var delivery = await _discord.DeliverAsync(FakeDiscordApi.SlashCommand("policy"), CancellationToken.None);
        var (followup, body) = await Webhook(HttpMethod.Post, delivery.Interaction, body: new JsonObject { ["content"] = "x" });

        Assert.True(delivery.Interaction.InitialLate);
        Assert.False(delivery.Interaction.Acknowledged);
        Assert.Null(delivery.Interaction.Original);
        Assert.Equal(404, (int)followup.StatusCode);
        Assert.Equal(10015, Code(body));
    }

    [Fact]
    public async Task DeliverAsync_BotCallsBackAfter202_WaitUntilSeesAcknowledgement()
    {
        _bot.Respond = (interaction, context) =>
        {
            string path = $"interactions/{interaction["id"]}/{interaction["token"]}/callback";
            _ = Task.Run(() => SendAsync(_http, _discord, HttpMethod.Post, path, new JsonObject { ["type"] = 5 }, auth: false));
            return InteractionsEndpointStub.Accepted(context);
        };

        var delivery = await _discord.DeliverAsync(FakeDiscordApi.SlashCommand("policy"), CancellationToken.None);
        await delivery.Interaction.WaitUntilAsync(i => i.Acknowledged, TimeSpan.FromSeconds(5));

        Assert.Equal("callback", delivery.Interaction.InitialVia);
        Assert.Equal(128, delivery.Interaction.Original!["flags"]!.GetValue<long>() & 128);
    }

    [Fact]
    public async Task Followup_AfterDeferral_EditsTheLoadingMessageThenCreatesNewOnes()
    {
        var interaction = await DeliverCommandAsync();
        await Callback(interaction, new JsonObject { ["type"] = 5, ["data"] = new JsonObject { ["flags"] = 64 } });
        string originalId = interaction.Original!["id"]!.GetValue<string>();

        var (first, firstBody) = await Webhook(HttpMethod.Post, interaction, body: new JsonObject { ["content"] = "the answer" });
        var (second, secondBody) = await Webhook(HttpMethod.Post, interaction, body: new JsonObject { ["content"] = "more" });

        Assert.Equal(200, (int)first.StatusCode);
        Assert.Equal(originalId, firstBody!["id"]!.GetValue<string>());
        Assert.Equal("the answer", interaction.Original!["content"]!.GetValue<string>());
        Assert.Equal(64, interaction.Original["flags"]!.GetValue<long>());
        Assert.True(interaction.Ephemeral);
        Assert.Single(interaction.Edits);
        Assert.Equal(200, (int)second.StatusCode);
        Assert.NotEqual(originalId, secondBody!["id"]!.GetValue<string>());
        Assert.Equal("more", Assert.Single(interaction.Followups)["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Original_PatchGetDelete_BehaveLikeDiscord()
    {
        var interaction = await DeliverCommandAsync();
        await Callback(interaction, Reply("draft"));

        var (patched, _) = await Webhook(HttpMethod.Patch, interaction, "/messages/@original", new JsonObject { ["content"] = "final @everyone" });
        var (got, gotBody) = await Webhook(HttpMethod.Get, interaction, "/messages/@original");
        var (deleted, _) = await Webhook(HttpMethod.Delete, interaction, "/messages/@original");
        var (gone, goneBody) = await Webhook(HttpMethod.Get, interaction, "/messages/@original");

        Assert.Equal(200, (int)patched.StatusCode);
        Assert.Equal("final @everyone", gotBody!["content"]!.GetValue<string>());
        Assert.Equal(200, (int)got.StatusCode);
        Assert.Equal(204, (int)deleted.StatusCode);
        Assert.Equal(404, (int)gone.StatusCode);
        Assert.Equal(10008, Code(goneBody));
        Assert.Empty(interaction.Pings);
        Assert.Single(interaction.Edits);
    }

    [Fact]
    public async Task Followup_AfterTokenLifetime_Is50027()
    {
        var interaction = await DeliverCommandAsync();
        await Callback(interaction, new JsonObject { ["type"] = 5 });
        _clock.Advance(TimeSpan.FromMinutes(2));

        var (response, body) = await Webhook(HttpMethod.Post, interaction, body: new JsonObject { ["content"] = "late" });
        var (edit, _) = await Webhook(HttpMethod.Patch, interaction, "/messages/@original", new JsonObject { ["content"] = "late" });

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal(50027, Code(body));
        Assert.Equal(401, (int)edit.StatusCode);
        Assert.Equal([50027, 50027], interaction.ErrorCodes);
    }

    [Fact]
    public async Task Followup_BeforeAnyInitialResponse_Is10015()
    {
        var interaction = await DeliverCommandAsync();

        var (response, body) = await Webhook(HttpMethod.Post, interaction, body: new JsonObject { ["content"] = "x" });

        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal(10015, Code(body));
    }

    [Fact]
    public async Task Followup_TooLongContent_Is50035()
    {
        var interaction = await DeliverCommandAsync();
        await Callback(interaction, Reply("ok"));

        var (response, body) = await Webhook(HttpMethod.Post, interaction, body: new JsonObject { ["content"] = new string('x', 2001) });

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal(50035, Code(body));
    }

    [Fact]
    public async Task Callback_DeferWithNonEphemeralFlag_Is50035()
    {
        var interaction = await DeliverCommandAsync();

        var (_, body) = await Callback(interaction, new JsonObject { ["type"] = 5, ["data"] = new JsonObject { ["flags"] = 4 } });
        var (_, pong) = await Callback(interaction, new JsonObject { ["type"] = 1 });

        Assert.Equal(50035, Code(body));
        Assert.Equal(50035, Code(pong));
        Assert.False(interaction.Acknowledged);
    }

    [Fact]
    public async Task Callback_Autocomplete_26ChoicesRefused25Accepted()
    {
        var delivery = await _discord.DeliverAsync(FakeDiscordApi.Autocomplete("policy", "topic", "lea"), CancellationToken.None);
        JsonObject Choices(int n) => new()
        {
            ["type"] = 8,
            ["data"] = new JsonObject { ["choices"] = new JsonArray(Enumerable.Range(0, n).Select(i => (JsonNode)new JsonObject { ["name"] = "c" + i, ["value"] = "v" + i }).ToArray()) },
        };

        var (_, tooMany) = await Callback(delivery.Interaction, Choices(26));
        var (defer, deferBody) = await Callback(delivery.Interaction, new JsonObject { ["type"] = 5 });
        var (ok, _) = await Callback(delivery.Interaction, Choices(25));

        Assert.True(delivery.Interaction.Payload["data"]!["options"]![0]!["focused"]!.GetValue<bool>());
        Assert.Equal(50035, Code(tooMany));
        Assert.Equal(400, (int)defer.StatusCode);
        Assert.Equal(50035, Code(deferBody));
        Assert.Equal(204, (int)ok.StatusCode);
        Assert.Null(delivery.Interaction.Original);
    }

    [Fact]
    public async Task Callback_ComponentUpdateMessage_EditsTheClickedMessage()
    {
        var delivery = await _discord.DeliverAsync(FakeDiscordApi.Component("more:1", "1500000000000000009", ephemeralMessage: true), CancellationToken.None);

        var (response, _) = await Callback(delivery.Interaction, new JsonObject { ["type"] = 7, ["data"] = new JsonObject { ["content"] = "page 2" } });

        Assert.Equal(204, (int)response.StatusCode);
        Assert.Equal("1500000000000000009", delivery.Interaction.Original!["id"]!.GetValue<string>());
        Assert.Equal("page 2", delivery.Interaction.Original["content"]!.GetValue<string>());
        Assert.True(delivery.Interaction.Ephemeral);
        Assert.Equal(_discord.BotUserId, delivery.Interaction.Payload["message"]!["author"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public void SlashCommand_GuildAndDm_HaveMemberOrUser()
    {
        var guild = FakeDiscordApi.SlashCommand("policy", new Dictionary<string, object?> { ["n"] = 3, ["flag"] = true });
        var dm = FakeDiscordApi.SlashCommand("policy", guildId: null);

        Assert.Equal("2147483647", guild["member"]!["permissions"]!.GetValue<string>());
        Assert.Equal(4, guild["data"]!["options"]![0]!["type"]!.GetValue<int>());
        Assert.Equal(5, guild["data"]!["options"]![1]!["type"]!.GetValue<int>());
        Assert.Equal(0, guild["context"]!.GetValue<int>());
        Assert.Null(dm["member"]);
        Assert.NotNull(dm["user"]);
        Assert.Equal(1, dm["context"]!.GetValue<int>());
    }

    [Fact]
    public async Task AllPings_ChannelMessageAndInteraction_AreAggregated()
    {
        var interaction = await DeliverCommandAsync();
        await Callback(interaction, Reply("<@1300000000000000002> @here"));
        await SendAsync(_http, _discord, HttpMethod.Post, $"channels/{FakeDiscordApi.DefaultChannelId}/messages", new JsonObject { ["content"] = "<@&1600000000000000001>" });

        Assert.Equal(["role:1600000000000000001", "user:1300000000000000002"], _discord.AllPings);
    }

    [Fact]
    public async Task WaitUntilAsync_ConditionNeverHolds_ThrowsTimeout()
    {
        var interaction = await DeliverCommandAsync();

        await Assert.ThrowsAsync<TimeoutException>(() => interaction.WaitUntilAsync(i => i.Acknowledged, TimeSpan.FromMilliseconds(100)));
        await Assert.ThrowsAsync<TimeoutException>(() => _discord.WaitUntilAsync(() => false, TimeSpan.FromMilliseconds(100)));
    }
}
