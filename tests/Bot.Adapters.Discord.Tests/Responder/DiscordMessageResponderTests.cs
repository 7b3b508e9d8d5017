using Microsoft.Extensions.Logging.Abstractions;
using PolicyBot.Adapters.Discord.Api;
using PolicyBot.Adapters.Discord.Gateway;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Search;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeDiscord;

namespace PolicyBot.Adapters.Discord.Tests.Responder;

/// <summary>
/// Mentions and DMs end to end over loopback: the fake Gateway dispatches MESSAGE_CREATE (blanking content the way
/// Discord does without the MESSAGE_CONTENT intent), the real client hands it to the responder, the real Core answers
/// from the seed article, and the reply is posted through the REST client to the fake Discord, which echoes it back
/// over the Gateway as Discord does.
/// </summary>
public sealed class DiscordMessageResponderTests : IAsyncLifetime, IDisposable
{
    private const string Guild = "1300000000000000001";
    private const string Channel = "1300000000000000100";
    private const string DmChannel = "1300000000000000555";
    private const string Alice = "1200000000000000042";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private readonly TempArticleFolder _folder = new();
    private readonly HttpClient _http = new();
    private readonly CancellationTokenSource _stop = new();
    private ArticleLibrary _library = null!;
    private FakeDiscordApi _discord = null!;
    private FakeDiscordGateway _gateway = null!;
    private DiscordGatewayClient _client = null!;
    private Task _running = Task.CompletedTask;
    private PolicyBot.Storage.SqlStore _store = null!;

    public async Task InitializeAsync()
    {
        _folder.AddSeed();
        _library = _folder.OpenLibrary();
        _discord = await FakeDiscordApi.StartAsync();
        _gateway = await FakeDiscordGateway.StartAsync(new FakeDiscordGatewayOptions { BotToken = _discord.BotToken, BotUserId = _discord.BotUserId, HeartbeatIntervalMs = 500 });
        // Discord echoes every message the bot posts back over the Gateway; the responder must ignore its own.
        _discord.MessageCreated += posted => _ = _gateway.DispatchMessageCreateAsync(
            FakeDiscordGateway.BuildMessageCreate(posted.ChannelId, posted.ChannelId == DmChannel ? null : Guild, _discord.BotUserId, posted.Content, authorIsBot: true),
            CancellationToken.None);
        var answerer = new QuestionAnswerer(_library, new AnswerOptions { Semantic = false });
        var api = new DiscordRestClient(_http, _discord.ApiBaseUrl, _discord.BotToken, TimeProvider.System, NullLogger.Instance);
        _store = PolicyBot.Storage.SqlStore.ForSqlite($"Data Source={Path.Combine(_folder.Root, "alerts.db")}");
        var responder = new DiscordMessageResponder(new ChatBot(new BotEngine(_library, answerer), new ConversationMemory(), new MemoryFeedbackStore(), TimeProvider.System, NullLogger<ChatBot>.Instance, alerts: new PolicyBot.Core.Alerts.AlertCommands(_store, TimeProvider.System)), api, TimeProvider.System, NullLogger<DiscordMessageResponder>.Instance);
        _client = new DiscordGatewayClient(new DiscordGatewayClientOptions { BotToken = _discord.BotToken }, _ => Task.FromResult(_gateway.Url), responder, TimeProvider.System, NullLogger<DiscordGatewayClient>.Instance);
        _running = _client.RunAsync(_stop.Token);
        await FakeDiscordGateway.WaitUntilAsync(() => _client.IsReady, Wait);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running;
        await _gateway.DisposeAsync();
        await _discord.DisposeAsync();
        _library.Dispose();
        _store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    public void Dispose()
    {
        _http.Dispose();
        _folder.Dispose();
        _stop.Dispose();
    }

    private Task SayAsync(string? guildId, string content, params string[] mentions) =>
        _gateway.DispatchMessageCreateAsync(FakeDiscordGateway.BuildMessageCreate(guildId is null ? DmChannel : Channel, guildId, Alice, content, mentions), CancellationToken.None);

    [Fact]
    public async Task Mention_IsAnsweredAsAReplyToTheQuestionWithTheCitedSentence()
    {
        var question = FakeDiscordGateway.BuildMessageCreate(Channel, Guild, Alice, $"<@{_discord.BotUserId}> What does Tesla plan to build in Nevada?", new[] { _discord.BotUserId });
        await _gateway.DispatchMessageCreateAsync(question, CancellationToken.None);

        var reply = await _discord.WaitForMessageAsync(m => m.ChannelId == Channel, Wait);

        Assert.Equal((string)question["id"]!, reply.ReferencedMessageId);
        Assert.Contains("cell factory in Nevada", reply.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(reply.Pings);
        Assert.NotNull(reply.Nonce);
    }

    [Fact]
    public async Task DirectMessage_IsAnsweredWithoutAMention()
    {
        await SayAsync(null, "What did Trudeau agree to import?");

        var reply = await _discord.WaitForMessageAsync(m => m.ChannelId == DmChannel, Wait);

        Assert.Contains("electric vehicles", reply.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MoreInTheSameChannel_GivesTheNextPassage()
    {
        await SayAsync(Guild, $"<@{_discord.BotUserId}> What does Tesla plan to build in Nevada?", _discord.BotUserId);
        var first = await _discord.WaitForMessageAsync(m => m.ChannelId == Channel, Wait);

        await SayAsync(Guild, $"<@{_discord.BotUserId}> more", _discord.BotUserId);
        await _discord.WaitUntilAsync(() => _discord.Messages.Count(m => m.ChannelId == Channel) >= 2, Wait);

        var second = _discord.Messages.Where(m => m.ChannelId == Channel).Skip(1).First();
        Assert.NotEqual(first.Body["embeds"]![0]!["description"]!.ToJsonString(), second.Body["embeds"]?[0]?["description"]?.ToJsonString());
    }

    [Fact]
    public async Task UnmentionedMessagesBotsAndEveryone_AreNeverAnswered()
    {
        await SayAsync(Guild, "What does Tesla plan to build in Nevada?");
        await SayAsync(Guild, "@everyone What does Tesla plan to build in Nevada?");
        await _gateway.DispatchMessageCreateAsync(FakeDiscordGateway.BuildMessageCreate(Channel, Guild, "1200000000000000077", $"<@{_discord.BotUserId}> Tesla?", new[] { _discord.BotUserId }, authorIsBot: true), CancellationToken.None);
        await _gateway.DispatchMessageCreateAsync(FakeDiscordGateway.BuildMessageCreate(Channel, Guild, "1200000000000000078", $"<@{_discord.BotUserId}> Tesla?", new[] { _discord.BotUserId }, webhookId: "1200000000000000079"), CancellationToken.None);
        // A real question afterwards proves the earlier ones were seen and skipped, not still in flight.
        await SayAsync(null, "What did Trudeau agree to import?");
        await _discord.WaitForMessageAsync(m => m.ChannelId == DmChannel, Wait);

        Assert.DoesNotContain(_discord.Messages, m => m.ChannelId == Channel);
    }

    [Fact]
    public async Task BareMention_GetsHelp()
    {
        await SayAsync(Guild, $"<@{_discord.BotUserId}>", _discord.BotUserId);

        var reply = await _discord.WaitForMessageAsync(m => m.ChannelId == Channel, Wait);

        Assert.Contains("/summary", reply.Body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayedMessageAfterAResume_IsAnsweredOnce()
    {
        var question = FakeDiscordGateway.BuildMessageCreate(DmChannel, null, Alice, "What did Trudeau agree to import?");
        await _gateway.DispatchMessageCreateAsync(question, CancellationToken.None);
        await _gateway.DispatchMessageCreateAsync(question, CancellationToken.None);
        await _discord.WaitForMessageAsync(m => m.ChannelId == DmChannel, Wait);
        await SayAsync(null, "What does Tesla plan to build in Nevada?");
        await _discord.WaitUntilAsync(() => _discord.Messages.Count(m => m.ChannelId == DmChannel) >= 2, Wait);

        Assert.Single(_discord.Messages, m => m.ReferencedMessageId == (string)question["id"]!);
    }

    [Fact]
    public async Task ChannelCommandsInMessages_DmManagesItsOwnAlerts_AServerMentionMayOnlyList()
    {
        await SayAsync(null, "/subscribe steel quotas");
        await _discord.WaitForMessageAsync(m => m.ChannelId == DmChannel, Wait);
        await SayAsync(Guild, $"<@{_discord.BotUserId}> /subscribe", _discord.BotUserId);
        var refused = await _discord.WaitForMessageAsync(m => m.ChannelId == Channel, Wait);

        var dm = Assert.Single(await _store.SubscriptionsAsync(new PolicyBot.Core.Alerts.ChannelRef("discord", DmChannel), CancellationToken.None));
        Assert.Equal("steel quotas", dm.Topic);
        Assert.Empty(await _store.SubscriptionsAsync(new PolicyBot.Core.Alerts.ChannelRef("discord", Channel), CancellationToken.None));
        Assert.Contains(PolicyBot.Core.Alerts.AlertCommands.Refusal, refused.Content, StringComparison.Ordinal);
    }

    [Fact]
    public void QuestionText_DropsBothMentionForms()
    {
        Assert.Equal("what now?", DiscordMessageResponder.QuestionText("<@42> what  now? <@!42>", "42"));
        Assert.Equal("<@43> hi", DiscordMessageResponder.QuestionText("<@43> hi", "42"));
    }
}
