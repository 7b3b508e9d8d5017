using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using PolicyBot.TestKit.FakeDiscord;

namespace PolicyBot.Adapters.Discord.Tests.Gateway;

/// <summary>
/// The fake itself, driven by a raw WebSocket: the rules the real client never breaks (so its own
/// tests cannot show them) must still hold, or the fake would let a broken client pass.
/// </summary>
public sealed class FakeDiscordGatewayTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private FakeDiscordGateway _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeDiscordGateway.StartAsync(new FakeDiscordGatewayOptions { HeartbeatIntervalMs = 5000 });

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    /// <summary>A bare Gateway connection that reads and writes JSON frames.</summary>
    private sealed class RawConnection : IDisposable
    {
        private readonly ClientWebSocket _socket = new();

        public static async Task<RawConnection> OpenAsync(Uri url)
        {
            var raw = new RawConnection();
            await raw._socket.ConnectAsync(url, CancellationToken.None);
            return raw;
        }

        public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

        /// <summary>The next frame, or null once the server has closed.</summary>
        public async Task<JsonObject?> ReceiveAsync()
        {
            using var timeout = new CancellationTokenSource(Timeout);
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await _socket.ReceiveAsync(buffer, timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);
            return (JsonObject)JsonNode.Parse(message.ToArray())!;
        }

        /// <summary>Reads until a frame matches, returning it (null when the server closed first).</summary>
        public async Task<JsonObject?> ReceiveUntilAsync(Func<JsonObject, bool> match)
        {
            while (await ReceiveAsync() is { } frame)
            {
                if (match(frame))
                {
                    return frame;
                }
            }

            return null;
        }

        public Task SendAsync(string json) =>
            _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

        public Task SendAsync(JsonObject frame) => SendAsync(frame.ToJsonString());

        /// <summary>Reads until the server closes, and returns its close code.</summary>
        public async Task<int?> ClosedWithAsync()
        {
            while (_socket.State == WebSocketState.Open && await ReceiveAsync() is not null)
            {
            }

            return (int?)_socket.CloseStatus;
        }

        public Task CloseAsync(WebSocketCloseStatus status) => _socket.CloseAsync(status, "bye", CancellationToken.None);

        public void Dispose() => _socket.Dispose();
    }

    /// <summary>READY's resume_gateway_url has no query; clients add v and encoding, as the real one requires.</summary>
    private Uri ResumeUrl => new UriBuilder(_fake.ResumeUrl) { Query = "v=10&encoding=json" }.Uri;

    private JsonObject Identify(int intents = 4609, JsonArray? shard = null, string? token = null)
    {
        var d = new JsonObject
        {
            ["token"] = token ?? _fake.Options.BotToken,
            ["intents"] = intents,
            ["properties"] = new JsonObject { ["os"] = "linux", ["browser"] = "raw", ["device"] = "raw" },
        };
        if (shard is not null)
        {
            d["shard"] = shard;
        }

        return new JsonObject { ["op"] = 2, ["d"] = d };
    }

    private static bool IsDispatch(JsonObject frame, string name) => frame["op"]!.GetValue<int>() == 0 && frame["t"]!.GetValue<string>() == name;

    private async Task<(RawConnection Connection, JsonObject Ready)> ReadyAsync(int intents = 4609, JsonArray? shard = null)
    {
        var connection = await RawConnection.OpenAsync(_fake.Url);
        await connection.ReceiveAsync(); // Hello
        await connection.SendAsync(Identify(intents, shard));
        var ready = await connection.ReceiveUntilAsync(f => IsDispatch(f, "READY"));
        return (connection, ready!);
    }

    [Fact]
    public async Task Connect_SendsHello_ThenReadyCarriesSessionAndDistinctResumeUrl()
    {
        using var connection = await RawConnection.OpenAsync(_fake.Url);

        var hello = await connection.ReceiveAsync();
        await connection.SendAsync(Identify(shard: new JsonArray(0, 1)));
        var ready = await connection.ReceiveAsync();

        Assert.Equal(10, hello!["op"]!.GetValue<int>());
        Assert.Equal(5000, hello["d"]!["heartbeat_interval"]!.GetValue<int>());
        Assert.True(hello.ContainsKey("s") && hello["s"] is null && hello["t"] is null);
        Assert.NotNull(ready);
        Assert.True(IsDispatch(ready, "READY"));
        Assert.Equal(1, ready["s"]!.GetValue<long>());
        var d = ready["d"]!;
        Assert.Equal(10, d["v"]!.GetValue<int>());
        Assert.Equal(_fake.Options.BotUserId, d["user"]!["id"]!.GetValue<string>());
        Assert.True(d["user"]!["bot"]!.GetValue<bool>());
        Assert.Empty(d["guilds"]!.AsArray());
        Assert.Equal(_fake.CurrentSessionId, d["session_id"]!.GetValue<string>());
        Assert.Equal(_fake.ResumeUrl.AbsoluteUri.TrimEnd('/'), d["resume_gateway_url"]!.GetValue<string>());
        Assert.NotEqual(_fake.Url.AbsolutePath, _fake.ResumeUrl.AbsolutePath);
        Assert.Equal(new[] { 0, 1 }, d["shard"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal(_fake.Options.ApplicationId, d["application"]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PayloadBeforeIdentify_Closes4003()
    {
        using var connection = await RawConnection.OpenAsync(_fake.Url);
        await connection.ReceiveAsync();

        await connection.SendAsync("""{"op":3,"d":{"since":null,"activities":[],"status":"online","afk":false}}""");

        Assert.Equal(4003, await connection.ClosedWithAsync());
    }

    [Fact]
    public async Task SecondIdentify_Closes4005()
    {
        var (connection, _) = await ReadyAsync();
        using (connection)
        {
            await connection.SendAsync(Identify());

            Assert.Equal(4005, await connection.ClosedWithAsync());
        }
    }

    [Fact]
    public async Task OversizedFrame_Closes4002()
    {
        using var connection = await RawConnection.OpenAsync(_fake.Url);
        await connection.ReceiveAsync();

        var identify = Identify();
        identify["d"]!["properties"]!["device"] = new string('x', 5000);
        await connection.SendAsync(identify);

        Assert.Equal(4002, await connection.ClosedWithAsync());
    }

    [Fact]
    public async Task WrongApiVersion_Closes4012()
    {
        using var connection = await RawConnection.OpenAsync(new UriBuilder(_fake.Url) { Query = "v=6&encoding=json" }.Uri);

        Assert.Equal(4012, await connection.ClosedWithAsync());
    }

    [Fact]
    public async Task ResumeWithSeqAheadOfServer_Closes4007AndSessionIsGone()
    {
        var (first, ready) = await ReadyAsync();
        string session = ready["d"]!["session_id"]!.GetValue<string>();
        first.Dispose();

        using var second = await RawConnection.OpenAsync(ResumeUrl);
        await second.ReceiveAsync();
        await second.SendAsync(new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = _fake.Options.BotToken, ["session_id"] = session, ["seq"] = 99 } });
        Assert.Equal(4007, await second.ClosedWithAsync());

        using var third = await RawConnection.OpenAsync(ResumeUrl);
        await third.ReceiveAsync();
        await third.SendAsync(new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = _fake.Options.BotToken, ["session_id"] = session, ["seq"] = 1 } });
        var invalid = await third.ReceiveAsync();
        Assert.Equal(9, invalid!["op"]!.GetValue<int>());
        Assert.False(invalid["d"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ClientClose1000_EndsTheSession()
    {
        var (connection, ready) = await ReadyAsync();
        string session = ready["d"]!["session_id"]!.GetValue<string>();
        using (connection)
        {
            await connection.CloseAsync(WebSocketCloseStatus.NormalClosure);
        }

        await FakeDiscordGateway.WaitUntilAsync(() => _fake.ClientCloseCodes.Contains(1000), Timeout);
        using var resumer = await RawConnection.OpenAsync(ResumeUrl);
        await resumer.ReceiveAsync();
        await resumer.SendAsync(new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = _fake.Options.BotToken, ["session_id"] = session, ["seq"] = 1 } });
        var answer = await resumer.ReceiveAsync();

        Assert.Equal(9, answer!["op"]!.GetValue<int>());
        Assert.False(answer["d"]!.GetValue<bool>());
    }

    [Fact]
    public async Task DirectMessages_GoToShardZeroOnly_GuildMessagesToTheirShard()
    {
        var (shard0, _) = await ReadyAsync(shard: new JsonArray(0, 2));
        var (shard1, _) = await ReadyAsync(shard: new JsonArray(1, 2));
        using (shard0)
        using (shard1)
        {
            // (guild_id >> 22) % 2 == 1 for this guild.
            string guildOnShard1 = ((1L << 22) * 7).ToString(System.Globalization.CultureInfo.InvariantCulture);
            await _fake.DispatchMessageCreateAsync(FakeDiscordGateway.BuildMessageCreate("1300000000000000555", null, "1200000000000000042", "dm"), CancellationToken.None);
            await _fake.DispatchMessageCreateAsync(FakeDiscordGateway.BuildMessageCreate("1300000000000000100", guildOnShard1, "1200000000000000042", "guild", [_fake.Options.BotUserId]), CancellationToken.None);

            var onShard0 = await shard0.ReceiveUntilAsync(f => IsDispatch(f, "MESSAGE_CREATE"));
            var onShard1 = await shard1.ReceiveUntilAsync(f => IsDispatch(f, "MESSAGE_CREATE"));

            Assert.Equal("dm", onShard0!["d"]!["content"]!.GetValue<string>());
            Assert.Equal("guild", onShard1!["d"]!["content"]!.GetValue<string>());
            Assert.Equal(2, onShard1["s"]!.GetValue<long>()); // the DM never counted on shard 1
        }
    }

    [Fact]
    public async Task MessageContentRule_BlanksUnmentionedGuildMessages_KeepsOwnMentionsAndDms()
    {
        var (connection, _) = await ReadyAsync();
        using (connection)
        {
            string bot = _fake.Options.BotUserId;
            var withEmbed = FakeDiscordGateway.BuildMessageCreate("1300000000000000100", "1300000000000000001", "1200000000000000042", "secret");
            withEmbed["embeds"] = new JsonArray(new JsonObject { ["title"] = "t" });
            withEmbed["poll"] = new JsonObject { ["question"] = new JsonObject { ["text"] = "q" } };
            await _fake.DispatchMessageCreateAsync(withEmbed, CancellationToken.None);
            await _fake.DispatchMessageCreateAsync(FakeDiscordGateway.BuildMessageCreate("1300000000000000100", "1300000000000000001", bot, "own", authorIsBot: true), CancellationToken.None);
            await _fake.DispatchMessageCreateAsync(FakeDiscordGateway.BuildMessageCreate("1300000000000000100", "1300000000000000001", "1200000000000000042", "mention", [bot]), CancellationToken.None);
            await _fake.DispatchMessageCreateAsync(FakeDiscordGateway.BuildMessageCreate("1300000000000000555", null, "1200000000000000042", "dm"), CancellationToken.None);

            var contents = new List<JsonNode>();
            for (int i = 0; i < 4; i++)
            {
                contents.Add((await connection.ReceiveUntilAsync(f => IsDispatch(f, "MESSAGE_CREATE")))!["d"]!);
            }

            Assert.Equal(new[] { "", "own", "mention", "dm" }, contents.Select(d => d["content"]!.GetValue<string>()));
            Assert.Empty(contents[0]["embeds"]!.AsArray());
            Assert.Null(contents[0]["poll"]);
        }
    }

    [Fact]
    public async Task MissedHeartbeats_ServerClosesZombieWith4009()
    {
        await using var fake = await FakeDiscordGateway.StartAsync(new FakeDiscordGatewayOptions { HeartbeatIntervalMs = 100, HeartbeatGrace = TimeSpan.FromMilliseconds(100) });
        using var connection = await RawConnection.OpenAsync(fake.Url);

        Assert.Equal(4009, await connection.ClosedWithAsync());
    }

    [Fact]
    public async Task Heartbeat_IsAcked_AndCounted()
    {
        using var connection = await RawConnection.OpenAsync(_fake.Url);
        await connection.ReceiveAsync();

        await connection.SendAsync("""{"op":1,"d":null}""");
        var ack = await connection.ReceiveAsync();

        Assert.Equal(11, ack!["op"]!.GetValue<int>());
        Assert.Equal(1, _fake.Heartbeats);
    }
}
