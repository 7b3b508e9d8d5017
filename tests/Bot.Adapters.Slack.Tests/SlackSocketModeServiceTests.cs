using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PolicyBot.Adapters.Slack.Api;
using PolicyBot.Adapters.Slack.Http;
using PolicyBot.Adapters.Slack.Tests.Http;
using PolicyBot.Adapters.Slack.Inbound;
using PolicyBot.Core.Answering;
using PolicyBot.Core;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Search;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Adapters.Slack.Tests;

/// <summary>Socket Mode against the fake Slack's WebSocket on loopback.</summary>
public sealed class SlackSocketModeServiceTests : IAsyncLifetime, IDisposable
{
    private readonly TempArticleFolder _folder = new();
    private readonly HttpClient _http = new();
    private FakeSlackWebApi _slack = null!;
    private ArticleLibrary _library = null!;

    public async Task InitializeAsync()
    {
        _folder.AddSeed();
        _library = _folder.OpenLibrary();
        _slack = await FakeSlackWebApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _slack.DisposeAsync();
        _library.Dispose();
    }

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
    }

    private IHost Bot(string appToken, TimeSpan? silenceLimit = null, PolicyBot.Core.Alerts.IReplicaCoordination? shared = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        var answerer = new QuestionAnswerer(_library, new AnswerOptions { Semantic = false });
        builder.Services.AddSingleton(answerer);
        builder.Services.AddSingleton(new BotEngine(_library, answerer));
        var feedbackLog = new PolicyBot.Core.Feedback.FeedbackLog(Path.Combine(_folder.Root, "feedback.jsonl"));
        builder.Services.AddSingleton(feedbackLog);
        builder.Services.AddSingleton<PolicyBot.Core.Feedback.IFeedbackStore>(feedbackLog);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(Options.Create(new SlackOptions { Enabled = true, Mode = SlackMode.Socket, BotToken = _slack.BotToken, AppToken = appToken, ApiBaseUrl = _slack.BaseUrl, SocketSilenceLimit = silenceLimit ?? TimeSpan.FromMinutes(2) }));
        builder.Services.AddSingleton(new SlackApiClient(_http, _slack.BaseUrl, _slack.BotToken, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance));
        builder.Services.AddSingleton(new SlackDeduplicator(TimeProvider.System, shared: shared));
        builder.Services.AddSingleton(new SlackBotIdentity { UserId = _slack.BotUserId });
        builder.Services.AddSingleton<SlackPendingMessages>();
        builder.Services.AddSingleton<SlackResponder>();
        builder.Services.AddSingleton<SlackCommandRunner>();
        builder.Services.AddChatBot();
        builder.Services.AddSingleton<SlackInFlight>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SlackInFlight>());
        builder.Services.AddHostedService<SlackWorker>();
        builder.Services.AddHostedService<SlackSocketModeService>();
        return builder.Build();
    }

    private static JsonObject Envelope(string envelopeId, string eventId, string ts, string text) => new()
    {
        ["envelope_id"] = envelopeId,
        ["type"] = "events_api",
        ["accepts_response_payload"] = false,
        ["retry_attempt"] = 0,
        ["payload"] = JsonNode.Parse($$$"""
            {"token":"x","team_id":"T0000FAKE","api_app_id":"A0000BOT","type":"event_callback","event_id":"{{{eventId}}}","event_time":1700000000,
             "event":{"type":"app_mention","user":"U0000ALICE","text":"<@UBOT00001> {{{text}}}","ts":"{{{ts}}}","channel":"C0000GENERAL","event_ts":"{{{ts}}}"}}
            """),
    };

    [Fact]
    public async Task Envelope_IsAckedAndAnsweredInTheThread_AndDisconnectReconnects()
    {
        using var bot = Bot(_slack.AppToken);
        await bot.StartAsync();
        await SlackTestBot.WaitUntilAsync(() => _slack.ConnectionsOpened == 1);

        await _slack.SendEnvelopeAsync(Envelope("env-1", "EvSock1", "1700000301.000100", "What does Tesla plan to build in Nevada?"));
        await SlackTestBot.WaitUntilAsync(() => _slack.Posted.Count == 1);
        await _slack.SendDisconnectAsync();
        await SlackTestBot.WaitUntilAsync(() => _slack.ConnectionsOpened == 2);
        await Task.Delay(200);
        await _slack.SendEnvelopeAsync(Envelope("env-2", "EvSock2", "1700000302.000100", "Should blanket tariffs be reconsidered?"));
        await _slack.SendEnvelopeAsync(Envelope("env-2", "EvSock2", "1700000302.000100", "Should blanket tariffs be reconsidered?"));
        await SlackTestBot.WaitUntilAsync(() => _slack.Posted.Count == 2);
        await Task.Delay(300);
        await bot.StopAsync();

        Assert.Contains("env-1", _slack.Acks);
        Assert.Equal(2, _slack.Acks.Count(a => a == "env-2"));
        Assert.Equal(new[] { "1700000301.000100", "1700000302.000100" }, _slack.Posted.Select(p => p.ThreadTs));
        Assert.Contains("cell factory in Nevada", _slack.Posted[0].Text);
        Assert.Equal(2, _slack.ConnectionsOpened);
    }

    [Fact]
    public async Task TwoReplicasHoldingSockets_AnswerAnEnvelopeDeliveredToBothOnce()
    {
        using var store = PolicyBot.Storage.SqlStore.ForSqlite($"Data Source={Path.Combine(_folder.Root, "shared.db")}");
        using var first = Bot(_slack.AppToken, shared: store);
        using var second = Bot(_slack.AppToken, shared: store);
        await first.StartAsync();
        await second.StartAsync();
        await SlackTestBot.WaitUntilAsync(() => _slack.ConnectionsOpened == 2);

        await _slack.SendEnvelopeToAllAsync(Envelope("env-r1", "EvReplica1", "1700000401.000100", "What does Tesla plan to build in Nevada?"));
        await SlackTestBot.WaitUntilAsync(() => _slack.Posted.Any(p => p.ThreadTs == "1700000401.000100"));
        // A later envelope answered proves both replicas are past the first one.
        await _slack.SendEnvelopeToAllAsync(Envelope("env-r2", "EvReplica2", "1700000402.000100", "What did Trudeau agree to import?"));
        await SlackTestBot.WaitUntilAsync(() => _slack.Posted.Any(p => p.ThreadTs == "1700000402.000100"));
        await first.StopAsync();
        await second.StopAsync();

        Assert.Equal(2, _slack.Acks.Count(a => a == "env-r1"));
        Assert.Single(_slack.Posted, p => p.ThreadTs == "1700000401.000100");
        Assert.Single(_slack.Posted, p => p.ThreadTs == "1700000402.000100");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task SlashCommandEnvelope_IsAckedAndAnsweredThroughItsResponseUrl()
    {
        using var bot = Bot(_slack.AppToken);
        await bot.StartAsync();
        await SlackTestBot.WaitUntilAsync(() => _slack.ConnectionsOpened == 1);
        var responseUrl = _slack.NewResponseUrl();

        await _slack.SendEnvelopeAsync(new JsonObject
        {
            ["envelope_id"] = "env-cmd",
            ["type"] = "slash_commands",
            ["accepts_response_payload"] = true,
            ["payload"] = new JsonObject
            {
                ["token"] = "x", ["team_id"] = "T0000FAKE", ["channel_id"] = "C0000GENERAL", ["user_id"] = "U0000ALICE",
                ["command"] = "/ask", ["text"] = "What does Tesla plan to build in Nevada?", ["api_app_id"] = "A0000BOT",
                ["response_url"] = responseUrl.AbsoluteUri, ["trigger_id"] = "1.2.3",
            },
        });
        await SlackTestBot.WaitUntilAsync(() => _slack.Responses.Count == 1);
        await bot.StopAsync();

        Assert.Contains("env-cmd", _slack.Acks);
        var (_, body) = Assert.Single(_slack.Responses);
        Assert.Equal("ephemeral", body["response_type"]!.GetValue<string>());
        Assert.Contains("cell factory in Nevada", body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task InteractiveEnvelope_HelpfulPress_IsAckedAndRecorded()
    {
        using var bot = Bot(_slack.AppToken);
        await bot.StartAsync();
        await SlackTestBot.WaitUntilAsync(() => _slack.ConnectionsOpened == 1);
        var value = new PolicyBot.Adapters.Slack.Rendering.BlockKitActionValue("What does Tesla plan to build in Nevada?", new[] { new PolicyBot.Adapters.Slack.Rendering.BlockKitPassageRef("000_b3e87f63fc77f91f", 8) });
        var feedback = bot.Services.GetRequiredService<PolicyBot.Core.Feedback.FeedbackLog>();

        await _slack.SendEnvelopeAsync(new JsonObject
        {
            ["envelope_id"] = "env-button",
            ["type"] = "interactive",
            ["payload"] = new JsonObject
            {
                ["type"] = "block_actions",
                ["user"] = new JsonObject { ["id"] = "U0000ALICE" },
                ["channel"] = new JsonObject { ["id"] = "C0000GENERAL" },
                ["message"] = new JsonObject { ["ts"] = "1700000401.000100" },
                ["response_url"] = _slack.NewResponseUrl().AbsoluteUri,
                ["actions"] = new JsonArray(new JsonObject { ["action_id"] = PolicyBot.Adapters.Slack.Rendering.BlockKitActions.Helpful, ["value"] = value.Encode() }),
            },
        });
        await SlackTestBot.WaitUntilAsync(() => feedback.ReadAll().Count == 1);
        await bot.StopAsync();

        Assert.Contains("env-button", _slack.Acks);
        Assert.True(Assert.Single(feedback.ReadAll()).Helpful);
    }

    [Fact]
    public async Task DroppedSocket_IsReplacedByANewConnection()
    {
        using var bot = Bot(_slack.AppToken);
        await bot.StartAsync();
        await SlackTestBot.WaitUntilAsync(() => _slack.ConnectionsOpened == 1);

        _slack.DropConnection();
        await SlackTestBot.WaitUntilAsync(() => _slack.ConnectionsOpened == 2);
        await bot.StopAsync();

        Assert.Equal(2, _slack.ConnectionsOpened);
    }

    [Fact]
    public async Task SilentSocket_IsPresumedDeadAndReplaced()
    {
        using var bot = Bot(_slack.AppToken, silenceLimit: TimeSpan.FromSeconds(1));
        await bot.StartAsync();

        await SlackTestBot.WaitUntilAsync(() => _slack.ConnectionsOpened >= 2);
        await bot.StopAsync();

        Assert.True(_slack.ConnectionsOpened >= 2);
    }

    [Fact]
    public async Task WrongTokenType_StopsWithoutConnecting()
    {
        using var bot = Bot(_slack.BotToken); // an xoxb- token where an xapp- one is needed
        await bot.StartAsync();
        await Task.Delay(500);
        await bot.StopAsync();

        Assert.Equal(0, _slack.ConnectionsOpened);
    }
}
