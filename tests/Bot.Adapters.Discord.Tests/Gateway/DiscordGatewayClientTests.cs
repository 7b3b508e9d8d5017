using Microsoft.Extensions.Logging;
using PolicyBot.Adapters.Discord.Gateway;
using PolicyBot.TestKit.FakeDiscord;

namespace PolicyBot.Adapters.Discord.Tests.Gateway;

/// <summary>The Gateway client against the fake Gateway over real WebSockets on loopback.</summary>
public sealed class DiscordGatewayClientTests
{
    private const string Guild = "1300000000000000001";
    private const string Channel = "1300000000000000100";
    private const string DmChannel = "1300000000000000555";
    private const string Alice = "1200000000000000042";

    private static Task DispatchAsync(GatewayRig rig, string? guildId, string content, params string[] mentions) =>
        rig.Fake.DispatchMessageCreateAsync(
            FakeDiscordGateway.BuildMessageCreate(guildId is null ? DmChannel : Channel, guildId, Alice, content, mentions),
            CancellationToken.None);

    [Fact]
    public async Task RunAsync_Connect_IdentifiesWithIntents4609AndBecomesReady()
    {
        await using var rig = await GatewayRig.StartAsync();

        await rig.WaitReadyAsync();

        var identify = Assert.Single(rig.Fake.Identifies);
        Assert.Equal(4609, identify.Intents);
        Assert.True(identify.TokenOk);
        Assert.Null(identify.Shard);
        Assert.Equal("policybot", identify.Properties!["os"]!.GetValue<string>());
        Assert.Equal("policybot", identify.Properties["browser"]!.GetValue<string>());
        Assert.Equal("policybot", identify.Properties["device"]!.GetValue<string>());
        Assert.Equal(rig.Fake.Options.BotUserId, rig.Client.BotUserId);
        Assert.Equal(rig.Fake.CurrentSessionId, rig.Client.SessionId);
        Assert.Equal((1, 0, 1), (rig.Client.Identifies, rig.Client.Resumes, rig.Client.Connections));
        Assert.Equal(1, rig.Client.LastSequence);
    }

    [Fact]
    public async Task RunAsync_Shard_IsSentInIdentify()
    {
        await using var rig = await GatewayRig.StartAsync(configure: (_, o) => o.Shard = new DiscordGatewayShard(1, 2));

        await rig.WaitReadyAsync();

        Assert.Equal(new[] { 1, 2 }, Assert.Single(rig.Fake.Identifies).Shard);
    }

    [Fact]
    public async Task Heartbeats_FlowAndAreAcked_ConnectionStaysUp()
    {
        await using var rig = await GatewayRig.StartAsync(new FakeDiscordGatewayOptions { HeartbeatIntervalMs = 100 });

        await GatewayRig.WaitUntilAsync(() => rig.Fake.Heartbeats >= 4);

        Assert.True(rig.Client.IsReady);
        Assert.Equal(1, rig.Fake.Connections);
        Assert.Empty(rig.Fake.ClientCloseCodes);
    }

    [Fact]
    public async Task HeartbeatRequest_Op1_IsAnsweredAtOnce()
    {
        // A one-minute interval: the answer cannot be a scheduled beat within the wait below.
        await using var rig = await GatewayRig.StartAsync(new FakeDiscordGatewayOptions { HeartbeatIntervalMs = 600_000 });
        await rig.WaitReadyAsync();
        int before = rig.Fake.Heartbeats;

        await rig.Fake.RequestHeartbeatAsync();

        await FakeDiscordGateway.WaitUntilAsync(() => rig.Fake.Heartbeats == before + 1, TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task MessageCreate_Mention_ReachesHandlerWithFields_UnmentionedGuildMessageIsBlank_DmKeepsContent()
    {
        await using var rig = await GatewayRig.StartAsync();
        await rig.WaitReadyAsync();
        string bot = rig.Fake.Options.BotUserId;

        await DispatchAsync(rig, Guild, $"<@{bot}> How many days of leave?", bot);
        await DispatchAsync(rig, Guild, "chatting among ourselves");
        await DispatchAsync(rig, null, "expense limit?");
        await GatewayRig.WaitUntilAsync(() => rig.Handler.Received.Count == 3);

        var byContent = rig.Handler.Received.ToDictionary(r => r.Message.ChannelId + "|" + r.Message.Content);
        var (mention, botUserId) = byContent[$"{Channel}|<@{bot}> How many days of leave?"];
        Assert.Equal(bot, botUserId);
        Assert.Equal(Guild, mention.GuildId);
        Assert.Equal(Alice, mention.AuthorId);
        Assert.False(mention.AuthorIsBot);
        Assert.Equal(new[] { bot }, mention.MentionedUserIds);
        var unmentioned = byContent[$"{Channel}|"].Message; // no MESSAGE_CONTENT intent: Discord blanks it
        Assert.Empty(unmentioned.MentionedUserIds);
        Assert.Equal(Guild, unmentioned.GuildId);
        Assert.True(byContent[$"{DmChannel}|expense limit?"].Message.IsDirectMessage);
    }

    [Fact]
    public async Task MessageCreate_WithMessageContentIntentEnabled_KeepsContent()
    {
        await using var rig = await GatewayRig.StartAsync(
            new FakeDiscordGatewayOptions { HeartbeatIntervalMs = 300, PrivilegedIntentsEnabled = FakeDiscordGateway.MessageContentIntent },
            (_, o) => o.Intents |= DiscordGatewayIntents.MessageContent);
        await rig.WaitReadyAsync();

        await DispatchAsync(rig, Guild, "chatting among ourselves");
        await GatewayRig.WaitUntilAsync(() => rig.Handler.Messages.Count == 1);

        Assert.Equal(37377, Assert.Single(rig.Fake.Identifies).Intents);
        Assert.Equal("chatting among ourselves", rig.Handler.Messages[0].Content);
    }

    [Fact]
    public async Task Handler_Throws_ConnectionLivesAndErrorIsLogged()
    {
        await using var rig = await GatewayRig.StartAsync(handler: new RecordingHandler { ThrowOn = "boom" });
        await rig.WaitReadyAsync();

        await DispatchAsync(rig, null, "boom");
        await DispatchAsync(rig, null, "fine");
        await GatewayRig.WaitUntilAsync(() => rig.Handler.Messages.Count == 2 && rig.Logs.Entries.Any(e => e.Level == LogLevel.Error));

        Assert.True(rig.Client.IsReady);
        Assert.Equal(1, rig.Fake.Connections);
        Assert.Contains(rig.Logs.Entries, e => e.Level == LogLevel.Error && e.Text.Contains("handler failure", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handler_Hangs_HeartbeatsAndLaterMessagesCarryOn()
    {
        await using var rig = await GatewayRig.StartAsync(new FakeDiscordGatewayOptions { HeartbeatIntervalMs = 100 }, handler: new RecordingHandler { BlockOn = "slow" });
        await rig.WaitReadyAsync();

        await DispatchAsync(rig, null, "slow");
        await GatewayRig.WaitUntilAsync(() => rig.Handler.Messages.Count == 1);
        int beats = rig.Fake.Heartbeats;
        await DispatchAsync(rig, null, "next");
        await GatewayRig.WaitUntilAsync(() => rig.Handler.Messages.Count == 2 && rig.Fake.Heartbeats >= beats + 3);

        Assert.Equal(1, rig.Fake.Connections);
        Assert.True(rig.Client.IsReady);
    }

    [Fact]
    public async Task Identify_LargerThan4096Bytes_IsNeverSent()
    {
        await using var rig = await GatewayRig.StartAsync(configure: (_, o) => o.IdentifyProperties = new DiscordIdentifyProperties("policybot", "policybot", new string('d', 5000)));

        rig.RunFaultExpected = true;

        // A configuration fault, not a network one: RunAsync fails loudly instead of retrying.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => rig.Run.WaitAsync(GatewayRig.Timeout));

        Assert.Contains("4096", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.Fake.Options.BotToken, failure.Message, StringComparison.Ordinal);
        Assert.Empty(rig.Fake.Identifies);
    }

    [Fact]
    public async Task Reconnect_Op7_ResumesOnResumeUrlAndReplaysEventMissedWhileAway()
    {
        await using var rig = await GatewayRig.StartAsync();
        await rig.WaitReadyAsync();
        string session = rig.Client.SessionId!;
        await DispatchAsync(rig, null, "before");
        await GatewayRig.WaitUntilAsync(() => rig.Handler.Messages.Count == 1);
        long seenSeq = rig.Client.LastSequence!.Value;

        // Keep the client out while an event is dispatched, so only a replay can deliver it.
        rig.Fake.RefuseConnections = true;
        int attempts = rig.Fake.ConnectionAttempts;
        await rig.Fake.SendReconnectAsync();
        await GatewayRig.WaitUntilAsync(() => rig.Fake.ConnectionAttempts > attempts && rig.Fake.OpenConnections == 0);
        await DispatchAsync(rig, null, "while away");
        rig.Fake.RefuseConnections = false;
        await GatewayRig.WaitUntilAsync(() => rig.Client.IsReady && rig.Handler.Messages.Count == 2);

        var resume = Assert.Single(rig.Fake.Resumes);
        Assert.Equal("/resume", resume.Url.AbsolutePath);
        Assert.Contains("v=10", resume.Url.Query, StringComparison.Ordinal);
        Assert.Contains("encoding=json", resume.Url.Query, StringComparison.Ordinal);
        Assert.Equal(session, resume.SessionId);
        Assert.Equal(seenSeq, resume.Seq);
        Assert.True(resume.TokenOk);
        Assert.Equal(new[] { "before", "while away" }, rig.Handler.Messages.Select(m => m.Content));
        Assert.Equal(4000, Assert.Single(rig.Fake.ClientCloseCodes));
        Assert.Equal((1, 1), (rig.Client.Identifies, rig.Client.Resumes));
        Assert.Single(rig.Fake.Identifies);
    }

    [Fact]
    public async Task DroppedConnection_WithoutCloseFrame_Resumes()
    {
        await using var rig = await GatewayRig.StartAsync();
        await rig.WaitReadyAsync();

        await rig.Fake.DropConnectionAsync();
        await GatewayRig.WaitUntilAsync(() => rig.Fake.Resumes.Count == 1 && rig.Client.IsReady);

        Assert.Equal(rig.Fake.ResumeUrl.AbsolutePath, rig.Fake.Resumes[0].Url.AbsolutePath);
        Assert.Single(rig.Fake.Identifies);
        Assert.Equal(2, rig.Fake.Connections);
    }

    [Fact]
    public async Task InvalidSession_Resumable_Resumes()
    {
        await using var rig = await GatewayRig.StartAsync();
        await rig.WaitReadyAsync();

        await rig.Fake.SendInvalidSessionAsync(resumable: true);
        await GatewayRig.WaitUntilAsync(() => rig.Fake.Resumes.Count == 1 && rig.Client.IsReady);

        Assert.Single(rig.Fake.Identifies);
        Assert.DoesNotContain(rig.Fake.ClientCloseCodes, c => c is 1000 or 1001);
    }

    [Fact]
    public async Task InvalidSession_NotResumable_IdentifiesAfreshOnOriginalUrl()
    {
        await using var rig = await GatewayRig.StartAsync();
        await rig.WaitReadyAsync();
        string first = rig.Client.SessionId!;

        await rig.Fake.SendInvalidSessionAsync(resumable: false);
        await GatewayRig.WaitUntilAsync(() => rig.Fake.Identifies.Count == 2 && rig.Client.IsReady);

        Assert.Empty(rig.Fake.Resumes);
        Assert.NotEqual(first, rig.Client.SessionId);
        Assert.Equal(2, rig.Client.Identifies);
    }

    [Fact]
    public async Task Resume_OfExpiredSession_GetsOp9AndIdentifiesAfresh()
    {
        await using var rig = await GatewayRig.StartAsync();
        await rig.WaitReadyAsync();

        rig.Fake.ForgetSessions();
        await rig.Fake.DropConnectionAsync();
        await GatewayRig.WaitUntilAsync(() => rig.Fake.Identifies.Count == 2 && rig.Client.IsReady);

        Assert.Single(rig.Fake.Resumes);
        Assert.Equal(rig.Fake.CurrentSessionId, rig.Client.SessionId);
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task ServerClose_SessionEndingCode_IdentifiesAfresh(int code)
    {
        await using var rig = await GatewayRig.StartAsync();
        await rig.WaitReadyAsync();

        await rig.Fake.CloseAsync(code);
        await GatewayRig.WaitUntilAsync(() => rig.Fake.Identifies.Count == 2 && rig.Client.IsReady);

        Assert.Empty(rig.Fake.Resumes);
        Assert.Equal(0, rig.Client.Resumes);
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4008)]
    public async Task ServerClose_ResumableCode_Resumes(int code)
    {
        await using var rig = await GatewayRig.StartAsync();
        await rig.WaitReadyAsync();

        await rig.Fake.CloseAsync(code);
        await GatewayRig.WaitUntilAsync(() => rig.Fake.Resumes.Count == 1 && rig.Client.IsReady);

        Assert.Single(rig.Fake.Identifies);
    }

    [Fact]
    public async Task Zombie_NoAck_ClientClosesWithNon1000CodeAndResumes()
    {
        await using var rig = await GatewayRig.StartAsync(new FakeDiscordGatewayOptions { HeartbeatIntervalMs = 150 });
        await rig.WaitReadyAsync();
        rig.Fake.StopAckingHeartbeats();

        await GatewayRig.WaitUntilAsync(() => rig.Fake.ClientCloseCodes.Count >= 1);
        rig.Fake.ResumeAckingHeartbeats();
        await GatewayRig.WaitUntilAsync(() => rig.Fake.Resumes.Count >= 1 && rig.Client.IsReady);

        int code = rig.Fake.ClientCloseCodes[0];
        Assert.NotEqual(1000, code);
        Assert.NotEqual(1001, code);
        Assert.Single(rig.Fake.Identifies);
        Assert.Contains(rig.Logs.Entries, e => e.Text.Contains("heartbeat ACK", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(4004, "authentication failed")]
    [InlineData(4010, "invalid shard")]
    [InlineData(4011, "sharding required")]
    [InlineData(4012, "invalid API version")]
    [InlineData(4013, "invalid intents")]
    [InlineData(4014, "disallowed intents: enable them in the developer portal or remove them")]
    public async Task FatalClose_StopsWithoutReconnecting(int code, string problem)
    {
        await using var rig = await GatewayRig.StartAsync(
            configure: (fake, o) =>
            {
                switch (code)
                {
                    case 4004:
                        o.BotToken = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.Wrong.not-the-right-token";
                        break;
                    case 4010:
                        o.Shard = new DiscordGatewayShard(2, 2);
                        break;
                    case 4013:
                        o.Intents = (DiscordGatewayIntents)(4609 | (1 << 30));
                        break;
                    case 4014:
                        o.Intents |= DiscordGatewayIntents.MessageContent;
                        break;
                    default:
                        fake.CloseNextIdentifyWith(code);
                        break;
                }
            });

        await rig.Run.WaitAsync(GatewayRig.Timeout);

        Assert.Equal(code, rig.Client.FatalCloseCode);
        Assert.Equal(1, rig.Fake.Connections);
        Assert.Equal(1, rig.Fake.ConnectionAttempts);
        Assert.Equal(1, rig.Client.Connections);
        var error = Assert.Single(rig.Logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Contains(code.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Text, StringComparison.Ordinal);
        Assert.Contains(problem, error.Text, StringComparison.Ordinal);
        Assert.False(rig.Client.IsReady);
    }

    [Fact]
    public async Task FailedConnects_BackoffGrows_AndResetsAfterReady()
    {
        await using var rig = await GatewayRig.StartAsync(
            configure: (_, o) => (o.ReconnectDelayMin, o.ReconnectDelayMax) = (TimeSpan.FromMilliseconds(5), TimeSpan.FromSeconds(30)),
            beforeConnect: fake => fake.RefuseConnections = true);

        await GatewayRig.WaitUntilAsync(() => rig.Fake.ConnectionAttempts >= 5);
        rig.Fake.RefuseConnections = false;
        await rig.WaitReadyAsync();
        var growing = rig.Client.ReconnectDelays.Take(4).ToList();
        rig.Fake.RefuseConnections = true;
        int before = rig.Client.ReconnectDelays.Count;
        await rig.Fake.DropConnectionAsync();
        await GatewayRig.WaitUntilAsync(() => rig.Client.ReconnectDelays.Count > before);
        rig.Fake.RefuseConnections = false;

        Assert.Equal(0, rig.Client.Connections - rig.Fake.Connections);
        Assert.Equal(4, growing.Count);
        for (int i = 1; i < growing.Count; i++)
        {
            Assert.True(growing[i] > growing[i - 1], $"delay {i} ({growing[i]}) should exceed delay {i - 1} ({growing[i - 1]})");
        }

        // After READY the count starts over: the first failure waits about the minimum again.
        Assert.True(rig.Client.ReconnectDelays[before] < growing[1], $"{rig.Client.ReconnectDelays[before]} should be back near the minimum");
    }

    [Fact]
    public async Task Logs_NeverContainTheToken()
    {
        await using var rig = await GatewayRig.StartAsync(new FakeDiscordGatewayOptions { HeartbeatIntervalMs = 150 }, handler: new RecordingHandler { ThrowOn = "boom" });
        await rig.WaitReadyAsync();
        await DispatchAsync(rig, null, "boom");
        await rig.Fake.SendReconnectAsync();
        await GatewayRig.WaitUntilAsync(() => rig.Fake.Resumes.Count == 1 && rig.Client.IsReady);
        await rig.Fake.SendInvalidSessionAsync(resumable: false);
        await GatewayRig.WaitUntilAsync(() => rig.Fake.Identifies.Count == 2 && rig.Client.IsReady);
        rig.Fake.CloseNextIdentifyWith(4014);
        await rig.Fake.CloseAsync(4009);
        await rig.Run.WaitAsync(GatewayRig.Timeout);

        Assert.NotEmpty(rig.Logs.Entries);
        Assert.DoesNotContain(rig.Fake.Options.BotToken, rig.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(rig.Fake.Options.BotToken, rig.Client.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_RunsClientUntilHostStops_ThenClosesWith1000()
    {
        await using var fake = await FakeDiscordGateway.StartAsync(new FakeDiscordGatewayOptions { HeartbeatIntervalMs = 300 });
        var client = new DiscordGatewayClient(
            new DiscordGatewayClientOptions { BotToken = fake.Options.BotToken }, _ => Task.FromResult(fake.Url), new RecordingHandler(),
            TimeProvider.System, new CapturingLogger<DiscordGatewayClient>());
        using var service = new DiscordGatewayService(client, new CapturingLogger<DiscordGatewayService>());

        await service.StartAsync(CancellationToken.None);
        await FakeDiscordGateway.WaitUntilAsync(() => client.IsReady, GatewayRig.Timeout);
        await service.StopAsync(CancellationToken.None);
        await FakeDiscordGateway.WaitUntilAsync(() => fake.ClientCloseCodes.Count == 1, GatewayRig.Timeout);

        // Shutting down is deliberate: 1000 tells Discord the bot is offline rather than leaving a zombie session.
        Assert.Equal(1000, fake.ClientCloseCodes[0]);
        Assert.False(client.IsReady);
        Assert.Null(client.FatalCloseCode);
    }

    [Fact]
    public void WithGatewayQuery_AddsVersionAndEncoding_KeepsOtherParameters()
    {
        Assert.Equal("wss://gateway.discord.gg/?v=10&encoding=json", DiscordGatewayClient.WithGatewayQuery(new Uri("wss://gateway.discord.gg")).AbsoluteUri);
        Assert.Equal(
            "wss://gateway-us-east1-b.discord.gg/?v=10&encoding=json&x=1",
            DiscordGatewayClient.WithGatewayQuery(new Uri("wss://gateway-us-east1-b.discord.gg/?v=9&x=1&encoding=etf&compress=zlib-stream")).AbsoluteUri);
    }

    [Fact]
    public void Backoff_DoublesFromMinimum_CapsAtMaximum()
    {
        var min = TimeSpan.FromSeconds(1);
        var max = TimeSpan.FromSeconds(60);

        Assert.Equal(TimeSpan.FromSeconds(1), DiscordGatewayClient.Backoff(1, min, max, 0));
        Assert.Equal(TimeSpan.FromSeconds(4), DiscordGatewayClient.Backoff(2, min, max, 1));
        Assert.Equal(TimeSpan.FromSeconds(8), DiscordGatewayClient.Backoff(4, min, max, 0));
        Assert.Equal(max, DiscordGatewayClient.Backoff(12, min, max, 1));
        Assert.Equal(max / 2, DiscordGatewayClient.Backoff(12, min, max, 0));
    }
}
