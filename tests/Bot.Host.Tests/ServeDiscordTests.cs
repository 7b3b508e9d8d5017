using System.Net;
using PolicyBot.Hosting;
using PolicyBot.TestKit;
using PolicyBot.TestKit.FakeDiscord;

namespace PolicyBot.Host.Tests;

/// <summary>`policybot serve` with Discord enabled, end to end over loopback against the fake Discord (REST, interactions and Gateway).</summary>
public sealed class ServeDiscordTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private readonly TempArticleFolder _folder = new();

    public ServeDiscordTests()
    {
        _folder.AddSeed();
    }

    public void Dispose() => _folder.Dispose();


    [Fact]
    public async Task Serve_DiscordEnabled_RegistersCommandsAnswersSlashCommandsAndMentions()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        await using var gateway = await FakeDiscordGateway.StartAsync(new FakeDiscordGatewayOptions { BotToken = discord.BotToken, BotUserId = discord.BotUserId, HeartbeatIntervalMs = 1000 });
        discord.GatewayUrl = gateway.Url;
        int port = HostTestSupport.FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var error = new StringWriter();
        var serving = PolicyBotCli.RunAsync(
            new[]
            {
                "serve", "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false",
                "--Discord:Enabled=true", $"--Discord:ApplicationId={discord.ApplicationId}", $"--Discord:PublicKey={discord.PublicKeyHex}",
                $"--Discord:BotToken={discord.BotToken}", $"--Discord:ApiBaseUrl={discord.ApiBaseUrl}", "--Discord:Gateway=true",
                $"--Http:Urls=http://127.0.0.1:{port}",
            },
            TextWriter.Null, error, stop.Token);

        // Commands are registered globally at start, and the Gateway URL comes from GET /gateway/bot.
        await discord.WaitUntilAsync(() => discord.GlobalCommands.Count == 10, Wait);
        await FakeDiscordGateway.WaitUntilAsync(() => gateway.Identifies.Count == 1 && gateway.OpenConnections == 1, Wait);

        discord.InteractionsUrl = new Uri($"http://127.0.0.1:{port}/discord/interactions");
        var command = await discord.DeliverAsync(FakeDiscordApi.SlashCommand("ask", new Dictionary<string, object?> { ["question"] = "What does Tesla plan to build in Nevada?" }), stop.Token);
        await command.Interaction.WaitUntilAsync(i => i.Original is not null, Wait);

        var probes = await discord.ProbeWithBadSignaturesAsync(FakeDiscordApi.Ping(), stop.Token);

        var mention = FakeDiscordGateway.BuildMessageCreate("1300000000000000100", FakeDiscordApi.DefaultGuildId, FakeDiscordApi.DefaultUserId, $"<@{discord.BotUserId}> What did Trudeau agree to import?", new[] { discord.BotUserId });
        await gateway.DispatchMessageCreateAsync(mention, stop.Token);
        var reply = await discord.WaitForMessageAsync(m => m.ReferencedMessageId == (string)mention["id"]!, Wait);

        await stop.CancelAsync();
        int code = await serving;

        Assert.Contains("cell factory in Nevada", command.Interaction.Original!.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(command.Interaction.ErrorCodes);
        Assert.All(probes, p => Assert.Equal(401, p.Status));
        Assert.Contains("electric vehicles", reply.Body.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(discord.AllPings);
        Assert.Equal(4609, gateway.Identifies[0].Intents);
        Assert.DoesNotContain(discord.BotToken, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(0, code);
    }

    [Fact]
    public async Task Serve_DiscordEnabledWithoutSecrets_StopsNamingTheSettings()
    {
        var error = new StringWriter();

        int code = await PolicyBotCli.RunAsync(new[] { "serve", "--articles", _folder.Articles, "--Discord:Enabled=true" }, TextWriter.Null, error, CancellationToken.None);

        Assert.Equal(1, code);
        Assert.Contains("Discord:ApplicationId", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Discord:PublicKey", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Discord:BotToken", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_DiscordShard_IdentifiesAsThatShard()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        await using var gateway = await FakeDiscordGateway.StartAsync(new FakeDiscordGatewayOptions { BotToken = discord.BotToken, BotUserId = discord.BotUserId, HeartbeatIntervalMs = 1000 });
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var serving = PolicyBotCli.RunAsync(
            new[]
            {
                "serve", "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false",
                "--Discord:Enabled=true", $"--Discord:ApplicationId={discord.ApplicationId}", $"--Discord:PublicKey={discord.PublicKeyHex}",
                $"--Discord:BotToken={discord.BotToken}", $"--Discord:ApiBaseUrl={discord.ApiBaseUrl}", "--Discord:Gateway=true",
                $"--Discord:GatewayUrl={gateway.Url}", "--Discord:RegisterCommands=false", "--Discord:ShardId=1", "--Discord:ShardCount=2",
                $"--Http:Urls=http://127.0.0.1:{HostTestSupport.FreePort()}",
            },
            TextWriter.Null, new StringWriter(), stop.Token);

        await FakeDiscordGateway.WaitUntilAsync(() => gateway.Identifies.Count == 1, Wait);
        await stop.CancelAsync();

        Assert.Equal(0, await serving);
        Assert.Equal(new[] { 1, 2 }, gateway.Identifies[0].Shard);
    }

    [Fact]
    public async Task Stop_WhileADeferredAnswerIsOnItsWay_FinishesItFirst()
    {
        await using var discord = await FakeDiscordApi.StartAsync();
        int port = HostTestSupport.FreePort();
        using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var serving = PolicyBotCli.RunAsync(
            new[]
            {
                "serve", "--articles", _folder.Articles, $"--Articles:IndexPath={_folder.IndexPath}", "--Answers:Semantic=false",
                "--Discord:Enabled=true", $"--Discord:ApplicationId={discord.ApplicationId}", $"--Discord:PublicKey={discord.PublicKeyHex}",
                $"--Discord:BotToken={discord.BotToken}", $"--Discord:ApiBaseUrl={discord.ApiBaseUrl}", "--Discord:RegisterCommands=false",
                "--Discord:InlineBudget=00:00:00", $"--Http:Urls=http://127.0.0.1:{port}",
            },
            TextWriter.Null, new StringWriter(), stop.Token);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        Assert.True(await HostTestSupport.WaitForHealthAsync(http), "the bot did not start");
        discord.InteractionsUrl = new Uri($"http://127.0.0.1:{port}/discord/interactions");

        // Discord is briefly down: the edit needs retries (about 1.5 s of backoff), and the bot is told to stop meanwhile.
        var command = FakeDiscordApi.SlashCommand("ask", new Dictionary<string, object?> { ["question"] = "What does Tesla plan to build in Nevada?" });
        var delivery = await discord.DeliverAsync(command, stop.Token);
        discord.FailNext(2, 503);
        await stop.CancelAsync();

        Assert.Equal(0, await serving);
        Assert.Equal(202, delivery.Status);
        Assert.Contains("cell factory in Nevada", delivery.Interaction.Original?.ToJsonString() ?? "", StringComparison.Ordinal);
    }
}
