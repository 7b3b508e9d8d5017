using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>
/// A loopback Discord Gateway (protocols.md §3, §10): Hello with a configurable interval, Identify
/// checked for token (4004), intents (4013/4014) and shard (4010), READY with a distinct
/// resume_gateway_url, Resume with replay of everything dispatched after the client's seq (also
/// while it was away) then RESUMED, heartbeat ACKs, zombie and identify timeouts, DMs to shard 0
/// only, and the MESSAGE_CONTENT blanking rule. Tests script op 7, op 9, op 1, drops and closes.
/// </summary>
public sealed class FakeDiscordGateway : IAsyncDisposable
{
    public const int MessageContentIntent = 1 << 15;
    public const int GuildMessagesIntent = 1 << 9;
    public const int DirectMessagesIntent = 1 << 12;

    // GUILD_MEMBERS, GUILD_PRESENCES, MESSAGE_CONTENT.
    private const int PrivilegedIntents = (1 << 1) | (1 << 8) | MessageContentIntent;

    // Bits 0–16, 20, 21, 24, 25 (protocols.md §3.5); anything else is an invalid bitmask (4013).
    private const int ValidIntents = ((1 << 17) - 1) | (1 << 20) | (1 << 21) | (1 << 24) | (1 << 25);

    private static long _snowflake = 1_300_000_000_000_000_000;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Connection> _connections = new();
    private readonly ConcurrentQueue<FakeDiscordGatewayIdentify> _identifies = new();
    private readonly ConcurrentQueue<FakeDiscordGatewayResume> _resumes = new();
    private readonly ConcurrentQueue<int> _clientCloseCodes = new();
    private int _connectionCount;
    private int _connectionAttempts;
    private int _heartbeats;
    private int _closeNextIdentifyWith;
    private volatile bool _acking = true;

    private FakeDiscordGateway(WebApplication app, FakeDiscordGatewayOptions options)
    {
        _app = app;
        Options = options;
    }

    public FakeDiscordGatewayOptions Options { get; }

    /// <summary>The URL GET /gateway/bot would return, with <c>v=10&amp;encoding=json</c>.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>The resume_gateway_url READY announces (no query, as Discord sends it).</summary>
    public Uri ResumeUrl { get; private set; } = null!;

    /// <summary>Refuse WebSocket upgrades with HTTP 503, as an unreachable Gateway would.</summary>
    public bool RefuseConnections { get; set; }

    public IReadOnlyList<FakeDiscordGatewayIdentify> Identifies => _identifies.ToList();

    public IReadOnlyList<FakeDiscordGatewayResume> Resumes => _resumes.ToList();

    /// <summary>Close codes the client sent on its own initiative (not echoes of the server's close).</summary>
    public IReadOnlyList<int> ClientCloseCodes => _clientCloseCodes.ToList();

    public int Heartbeats => Volatile.Read(ref _heartbeats);

    /// <summary>WebSocket connections accepted.</summary>
    public int Connections => Volatile.Read(ref _connectionCount);

    /// <summary>Upgrade requests, refused ones included.</summary>
    public int ConnectionAttempts => Volatile.Read(ref _connectionAttempts);

    /// <summary>Connections currently open.</summary>
    public int OpenConnections => _connections.Count(c => !c.Ended);

    /// <summary>The session of the newest connection that identified or resumed.</summary>
    public string? CurrentSessionId => _connections.LastOrDefault(c => c.Session is not null)?.Session?.Id;

    public static async Task<FakeDiscordGateway> StartAsync(FakeDiscordGatewayOptions? options = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(k => k.AllowSynchronousIO = false);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        var fake = new FakeDiscordGateway(app, options ?? new FakeDiscordGatewayOptions());
        app.Map("/", (Func<HttpContext, Task>)fake.AcceptAsync);
        app.Map("/resume", (Func<HttpContext, Task>)fake.AcceptAsync);
        await app.StartAsync(ct);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        fake.Url = new UriBuilder("ws", address.Host, address.Port, "/") { Query = "v=10&encoding=json" }.Uri;
        fake.ResumeUrl = new UriBuilder("ws", address.Host, address.Port, "/resume").Uri;
        return fake;
    }

    // ---- Test knobs ----

    /// <summary>Dispatches MESSAGE_CREATE to every live session it routes to (intents, shard), buffering it for resumes.</summary>
    public async Task DispatchMessageCreateAsync(JsonObject message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        foreach (var session in _sessions.Values.Where(s => !s.Invalid))
        {
            if (Routes(session, message))
            {
                await DispatchAsync(session, "MESSAGE_CREATE", ApplyMessageContentRule(session, (JsonObject)message.DeepClone()), ct);
            }
        }
    }

    /// <summary>Dispatches any event to every live session.</summary>
    public async Task DispatchAsync(string eventName, JsonObject d, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(d);
        foreach (var session in _sessions.Values.Where(s => !s.Invalid))
        {
            await DispatchAsync(session, eventName, (JsonObject)d.DeepClone(), ct);
        }
    }

    /// <summary>
    /// A realistic MESSAGE_CREATE <c>d</c>: message object plus guild_id, member (guild only) and
    /// mentions as user objects; a webhook message has webhook_id and no member.
    /// </summary>
    public static JsonObject BuildMessageCreate(
        string channelId,
        string? guildId,
        string authorId,
        string content,
        IEnumerable<string>? mentionUserIds = null,
        bool authorIsBot = false,
        bool mentionEveryone = false,
        string? webhookId = null)
    {
        var mentions = new JsonArray();
        foreach (string id in mentionUserIds ?? [])
        {
            var user = User(id, "user" + id[^4..], bot: false);
            if (guildId is not null)
            {
                user["member"] = Member();
            }

            mentions.Add(user);
        }

        var message = new JsonObject
        {
            ["type"] = 0,
            ["tts"] = false,
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'+00:00'", CultureInfo.InvariantCulture),
            ["pinned"] = false,
            ["nonce"] = NextId(),
            ["mentions"] = mentions,
            ["mention_roles"] = new JsonArray(),
            ["mention_everyone"] = mentionEveryone,
            ["id"] = NextId(),
            ["flags"] = 0,
            ["embeds"] = new JsonArray(),
            ["edited_timestamp"] = null,
            ["content"] = content,
            ["components"] = new JsonArray(),
            ["channel_id"] = channelId,
            ["channel_type"] = guildId is null ? 1 : 0,
            ["author"] = User(authorId, webhookId is null ? "author" + authorId[^4..] : "Webhook", authorIsBot || webhookId is not null),
            ["attachments"] = new JsonArray(),
        };
        if (guildId is not null)
        {
            message["guild_id"] = guildId;
            if (webhookId is null)
            {
                message["member"] = Member();
            }
        }

        if (webhookId is not null)
        {
            message["webhook_id"] = webhookId;
        }

        return message;
    }

    /// <summary>Op 7 on the newest connection.</summary>
    public Task SendReconnectAsync(CancellationToken ct = default) =>
        SendAsync(Current(), new JsonObject { ["op"] = 7, ["d"] = null }, ct);

    /// <summary>Op 9; a non-resumable one also forgets the session, as Discord does.</summary>
    public Task SendInvalidSessionAsync(bool resumable, CancellationToken ct = default)
    {
        var connection = Current();
        if (!resumable && connection.Session is { } session)
        {
            session.Invalid = true;
        }

        return SendAsync(connection, new JsonObject { ["op"] = 9, ["d"] = resumable }, ct);
    }

    /// <summary>Op 1: the client must heartbeat at once.</summary>
    public Task RequestHeartbeatAsync(CancellationToken ct = default) =>
        SendAsync(Current(), new JsonObject { ["op"] = 1, ["d"] = null }, ct);

    /// <summary>Kills the newest connection's TCP stream without a close frame; its session stays resumable.</summary>
    public Task DropConnectionAsync()
    {
        Abort(Current());
        return Task.CompletedTask;
    }

    /// <summary>Closes the newest connection with <paramref name="code"/>; 4007 and 4009 also end its session.</summary>
    public Task CloseAsync(int code, CancellationToken ct = default) => CloseAsync(Current(), code, "closed by test", ct);

    /// <summary>Every session expires at once, as when the bot stayed away too long: the next Resume gets op 9 d:false.</summary>
    public void ForgetSessions()
    {
        foreach (var session in _sessions.Values)
        {
            session.Invalid = true;
        }
    }

    public void StopAckingHeartbeats() => _acking = false;

    public void ResumeAckingHeartbeats() => _acking = true;

    /// <summary>The next Identify is answered by closing with this code (4011, 4012 … which the fake cannot cause naturally).</summary>
    public void CloseNextIdentifyWith(int code) => Volatile.Write(ref _closeNextIdentifyWith, code);

    /// <summary>Waits for a condition by polling it, so tests never sleep for a fixed time.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {timeout}.");
            }

            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            Abort(connection);
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    // ---- Protocol ----

    private sealed class Session(string id, int intents, int shardId, int shardCount)
    {
        public string Id { get; } = id;

        public int Intents { get; } = intents;

        public int ShardId { get; } = shardId;

        public int ShardCount { get; } = shardCount;

        /// <summary>Held while a dispatch is numbered and sent, or a resume replays, so frames never interleave.</summary>
        public SemaphoreSlim Lock { get; } = new(1, 1);

        public List<JsonObject> Sent { get; } = new();

        public long Seq { get; set; }

        public Connection? Live { get; set; }

        public volatile bool Invalid;
    }

    private sealed class Connection(HttpContext context, WebSocket socket, Uri url)
    {
        public HttpContext Context { get; } = context;

        public WebSocket Socket { get; } = socket;

        public Uri Url { get; } = url;

        public SemaphoreSlim SendLock { get; } = new(1, 1);

        public DateTimeOffset Opened { get; } = DateTimeOffset.UtcNow;

        public long LastHeartbeatTicks = DateTimeOffset.UtcNow.UtcTicks;

        public Session? Session { get; set; }

        public volatile bool ServerClosed;

        public volatile bool Ended;
    }

    private async Task AcceptAsync(HttpContext context)
    {
        Interlocked.Increment(ref _connectionAttempts);
        if (RefuseConnections)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var request = context.Request;
        var url = new Uri($"ws://{request.Host}{request.Path}{request.QueryString}");
        var connection = new Connection(context, socket, url);
        Interlocked.Increment(ref _connectionCount);
        _connections.Enqueue(connection);
        using var watchdogStop = new CancellationTokenSource();
        Task watchdog = Task.CompletedTask;
        try
        {
            if (request.Query["v"] != "10")
            {
                await CloseAsync(connection, 4012, "Invalid API version", context.RequestAborted);
            }
            else if (request.Query["encoding"] is { Count: > 0 } encoding && encoding != "json")
            {
                await CloseAsync(connection, 4002, "Decode error", context.RequestAborted);
            }
            else
            {
                await SendAsync(connection, new JsonObject { ["op"] = 10, ["d"] = new JsonObject { ["heartbeat_interval"] = Options.HeartbeatIntervalMs } }, context.RequestAborted);
                watchdog = WatchAsync(connection, watchdogStop.Token);
            }

            await ReceiveLoopAsync(connection, context.RequestAborted);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or Microsoft.AspNetCore.Connections.ConnectionAbortedException)
        {
            // The client dropped; its session stays resumable.
        }
        finally
        {
            connection.Ended = true;
            if (connection.Session is { } session)
            {
                await session.Lock.WaitAsync();
                if (session.Live == connection)
                {
                    session.Live = null;
                }

                session.Lock.Release();
            }

            await watchdogStop.CancelAsync();
            await watchdog;
        }
    }

    private async Task ReceiveLoopAsync(Connection connection, CancellationToken ct)
    {
        var socket = connection.Socket;
        var buffer = new byte[8 * 1024];
        while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer, ct);
                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

            if (result.MessageType == WebSocketMessageType.Close)
            {
                OnClientClose(connection, (int?)result.CloseStatus);
                return;
            }

            if (connection.ServerClosed)
            {
                continue; // Closing: nothing the client says matters any more.
            }

            if (message.Length > 4096)
            {
                await CloseAsync(connection, 4002, "Decode error: frame too large", ct);
                continue;
            }

            JsonObject? frame;
            try
            {
                frame = JsonNode.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)) as JsonObject;
            }
            catch (JsonException)
            {
                frame = null;
            }

            if (frame?["op"] is not JsonValue opValue || !opValue.TryGetValue(out int op))
            {
                await CloseAsync(connection, 4002, "Decode error", ct);
                continue;
            }

            await HandleAsync(connection, op, frame["d"], ct);
        }
    }

    private void OnClientClose(Connection connection, int? code)
    {
        if (!connection.ServerClosed)
        {
            _clientCloseCodes.Enqueue(code ?? 1005);

            // A 1000/1001 close from the client ends its session (the bot goes offline); other codes keep it resumable.
            if (code is 1000 or 1001 && connection.Session is { } session)
            {
                session.Invalid = true;
            }

            try
            {
                // Answer the closing handshake without waiting.
                _ = connection.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // Already gone.
            }
        }
    }

    private async Task HandleAsync(Connection connection, int op, JsonNode? d, CancellationToken ct)
    {
        switch (op)
        {
            case 1:
                Interlocked.Increment(ref _heartbeats);
                Interlocked.Exchange(ref connection.LastHeartbeatTicks, DateTimeOffset.UtcNow.UtcTicks);
                if (_acking)
                {
                    await SendAsync(connection, new JsonObject { ["op"] = 11, ["d"] = null }, ct);
                }

                break;
            case 2:
                await IdentifyAsync(connection, d as JsonObject, ct);
                break;
            case 6:
                await ResumeAsync(connection, d as JsonObject, ct);
                break;
            case 3 or 4 or 8 or 31 or 43:
                if (connection.Session is null)
                {
                    await CloseAsync(connection, 4003, "Not authenticated", ct);
                }

                break;
            default:
                await CloseAsync(connection, 4001, "Unknown opcode", ct);
                break;
        }
    }

    private async Task IdentifyAsync(Connection connection, JsonObject? d, CancellationToken ct)
    {
        if (connection.Session is not null)
        {
            await CloseAsync(connection, 4005, "Already authenticated", ct);
            return;
        }

        bool tokenOk = d?["token"] is JsonValue token && token.TryGetValue(out string? value) && value == Options.BotToken;
        int intents = d?["intents"] is JsonValue i && i.TryGetValue(out int bits) ? bits : -1;
        int[]? shard = d?["shard"] is JsonArray { Count: 2 } s && s[0] is JsonValue s0 && s[1] is JsonValue s1
            && s0.TryGetValue(out int id) && s1.TryGetValue(out int count) ? [id, count] : null;
        _identifies.Enqueue(new FakeDiscordGatewayIdentify(intents, shard, tokenOk, d?["properties"]?.DeepClone() as JsonObject));

        int scripted = Interlocked.Exchange(ref _closeNextIdentifyWith, 0);
        int? failure = scripted != 0 ? scripted
            : !tokenOk ? 4004
            : intents < 0 || (intents & ~ValidIntents) != 0 ? 4013
            : (intents & PrivilegedIntents & ~Options.PrivilegedIntentsEnabled) != 0 ? 4014
            : d?["shard"] is not null && (shard is null || shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) ? 4010
            : null;
        if (failure is { } code)
        {
            await CloseAsync(connection, code, Describe(code), ct);
            return;
        }

        var session = new Session(Guid.NewGuid().ToString("N"), intents, shard?[0] ?? 0, shard?[1] ?? 1);
        _sessions[session.Id] = session;
        connection.Session = session;
        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user_settings"] = new JsonObject(),
            ["user"] = new JsonObject
            {
                ["id"] = Options.BotUserId, ["username"] = Options.BotUsername, ["discriminator"] = "0", ["global_name"] = null,
                ["avatar"] = null, ["bot"] = true, ["verified"] = true, ["flags"] = 0, ["mfa_enabled"] = false,
            },
            ["guilds"] = new JsonArray(),
            ["session_type"] = "normal",
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = ResumeUrl.AbsoluteUri.TrimEnd('/'),
            ["application"] = new JsonObject { ["id"] = Options.ApplicationId, ["flags"] = 0 },
            ["_trace"] = new JsonArray("[\"fake-gateway\",{\"micros\":0}]"),
        };
        if (shard is not null)
        {
            ready["shard"] = new JsonArray(shard[0], shard[1]);
        }

        await session.Lock.WaitAsync(ct);
        try
        {
            session.Live = connection;
            await NumberAndSendAsync(session, "READY", ready, ct);
        }
        finally
        {
            session.Lock.Release();
        }
    }

    private async Task ResumeAsync(Connection connection, JsonObject? d, CancellationToken ct)
    {
        if (connection.Session is not null)
        {
            await CloseAsync(connection, 4005, "Already authenticated", ct);
            return;
        }

        bool tokenOk = d?["token"] is JsonValue token && token.TryGetValue(out string? value) && value == Options.BotToken;
        string? sessionId = d?["session_id"] is JsonValue sid && sid.TryGetValue(out string? s) ? s : null;
        long? seq = d?["seq"] is JsonValue q && q.TryGetValue(out long n) ? n : null;
        _resumes.Enqueue(new FakeDiscordGatewayResume(sessionId, seq, connection.Url, tokenOk));
        if (!tokenOk)
        {
            await CloseAsync(connection, 4004, Describe(4004), ct);
            return;
        }

        if (sessionId is null || !_sessions.TryGetValue(sessionId, out var session) || session.Invalid)
        {
            await SendAsync(connection, new JsonObject { ["op"] = 9, ["d"] = false }, ct);
            return;
        }

        await session.Lock.WaitAsync(ct);
        try
        {
            if (seq is null || seq < 0 || seq > session.Seq)
            {
                session.Invalid = true;
                if (Options.InvalidSeqSendsInvalidSession)
                {
                    await SendAsync(connection, new JsonObject { ["op"] = 9, ["d"] = false }, ct);
                }
                else
                {
                    await CloseAsync(connection, 4007, "Invalid seq", ct);
                }

                return;
            }

            // One connection per session: the one being replaced is cut off, as Discord does.
            if (session.Live is { } previous && previous != connection)
            {
                Abort(previous);
            }

            session.Live = connection;
            connection.Session = session;
            foreach (var missed in session.Sent.Where(f => f["s"]!.GetValue<long>() > seq))
            {
                await SendAsync(connection, (JsonObject)missed.DeepClone(), ct);
            }

            await NumberAndSendAsync(session, "RESUMED", new JsonObject { ["_trace"] = new JsonArray("[\"fake-gateway\",{\"micros\":0}]") }, ct);
        }
        finally
        {
            session.Lock.Release();
        }
    }

    private static async Task DispatchAsync(Session session, string eventName, JsonObject d, CancellationToken ct)
    {
        await session.Lock.WaitAsync(ct);
        try
        {
            await NumberAndSendAsync(session, eventName, d, ct);
        }
        finally
        {
            session.Lock.Release();
        }
    }

    /// <summary>Gives the event the session's next seq, keeps it for replay, and sends it if a connection is live. Caller holds the lock.</summary>
    private static async Task NumberAndSendAsync(Session session, string eventName, JsonObject d, CancellationToken ct)
    {
        session.Seq++;
        var frame = new JsonObject { ["op"] = 0, ["s"] = session.Seq, ["t"] = eventName, ["d"] = d };
        session.Sent.Add(frame);
        if (session.Live is { ServerClosed: false, Ended: false } live)
        {
            await SendAsync(live, (JsonObject)frame.DeepClone(), ct);
        }
    }

    /// <summary>Guild messages go to the shard of their guild and need GUILD_MESSAGES; DMs go to shard 0 and need DIRECT_MESSAGES.</summary>
    private static bool Routes(Session session, JsonObject message)
    {
        if (message["guild_id"]?.GetValue<string>() is { } guildId)
        {
            long shard = (long)((ulong.Parse(guildId, CultureInfo.InvariantCulture) >> 22) % (ulong)session.ShardCount);
            return (session.Intents & GuildMessagesIntent) != 0 && shard == session.ShardId;
        }

        return (session.Intents & DirectMessagesIntent) != 0 && session.ShardId == 0;
    }

    /// <summary>
    /// Without MESSAGE_CONTENT, a guild message's content, embeds, attachments, components and poll are
    /// blanked unless it mentions the bot or the bot wrote it; DMs keep theirs (protocols.md §3.5).
    /// </summary>
    private JsonObject ApplyMessageContentRule(Session session, JsonObject message)
    {
        bool keep = (session.Intents & MessageContentIntent) != 0
            || message["guild_id"] is null
            || message["author"]?["id"]?.GetValue<string>() == Options.BotUserId
            || (message["mentions"] as JsonArray)?.Any(m => m?["id"]?.GetValue<string>() == Options.BotUserId) == true;
        if (!keep)
        {
            message["content"] = "";
            message["embeds"] = new JsonArray();
            message["attachments"] = new JsonArray();
            message["components"] = new JsonArray();
            message.Remove("poll");
        }

        return message;
    }

    /// <summary>Closes zombies (no heartbeat within interval + grace: 4009) and connections that never identify (4003).</summary>
    private async Task WatchAsync(Connection connection, CancellationToken ct)
    {
        var interval = TimeSpan.FromMilliseconds(Options.HeartbeatIntervalMs);
        var tick = TimeSpan.FromMilliseconds(Math.Clamp(Options.HeartbeatIntervalMs / 4, 10, 1000));
        try
        {
            while (!connection.ServerClosed && !connection.Ended)
            {
                await Task.Delay(tick, ct);
                var now = DateTimeOffset.UtcNow;
                var lastBeat = new DateTimeOffset(Interlocked.Read(ref connection.LastHeartbeatTicks), TimeSpan.Zero);
                if (now - lastBeat > interval + Options.HeartbeatGrace)
                {
                    if (connection.Session is { } session)
                    {
                        session.Invalid = true;
                    }

                    await CloseAsync(connection, 4009, "Session timed out", ct);
                }
                else if (connection.Session is null && now - connection.Opened > Options.IdentifyTimeout)
                {
                    await CloseAsync(connection, 4003, "Not authenticated", ct);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended.
        }
    }

    private static async Task CloseAsync(Connection connection, int code, string reason, CancellationToken ct)
    {
        if (code is 4007 or 4009 && connection.Session is { } session)
        {
            session.Invalid = true;
        }

        connection.ServerClosed = true;
        await connection.SendLock.WaitAsync(ct);
        try
        {
            if (connection.Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await connection.Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, ct);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException)
        {
            // Already gone.
        }
        finally
        {
            connection.SendLock.Release();
        }

        // A client that never answers the close is cut off, as a server would.
        _ = Task.Delay(TimeSpan.FromSeconds(2), CancellationToken.None).ContinueWith(_ => Abort(connection), TaskScheduler.Default);
    }

    private static async Task SendAsync(Connection connection, JsonObject frame, CancellationToken ct)
    {
        // Discord's frames always carry all four keys; s and t are null except in dispatches.
        if (!frame.ContainsKey("s"))
        {
            frame["s"] = null;
            frame["t"] = null;
        }

        byte[] bytes = Encoding.UTF8.GetBytes(frame.ToJsonString());
        await connection.SendLock.WaitAsync(ct);
        try
        {
            if (connection.Socket.State == WebSocketState.Open)
            {
                await connection.Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is going; a resume replays what was missed.
        }
        finally
        {
            connection.SendLock.Release();
        }
    }

    /// <summary>Cuts the TCP connection without a close frame; a no-op once the request has ended.</summary>
    private static void Abort(Connection connection)
    {
        if (connection.Ended)
        {
            return;
        }

        try
        {
            connection.Context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request finished meanwhile.
        }
    }

    private Connection Current() =>
        _connections.LastOrDefault(c => !c.Ended && !c.ServerClosed && c.Socket.State == WebSocketState.Open)
        ?? throw new InvalidOperationException("No open Gateway connection.");

    private static string Describe(int code) => code switch
    {
        4004 => "Authentication failed",
        4010 => "Invalid shard",
        4011 => "Sharding required",
        4012 => "Invalid API version",
        4013 => "Invalid intent(s)",
        4014 => "Disallowed intent(s)",
        _ => "Closed",
    };

    private static string NextId() => Interlocked.Increment(ref _snowflake).ToString(CultureInfo.InvariantCulture);

    private static JsonObject User(string id, string username, bool bot)
    {
        var user = new JsonObject
        {
            ["id"] = id, ["username"] = username, ["discriminator"] = "0", ["global_name"] = username,
            ["avatar"] = null, ["public_flags"] = 0,
        };
        if (bot)
        {
            user["bot"] = true;
        }

        return user;
    }

    private static JsonObject Member() => new()
    {
        ["roles"] = new JsonArray(), ["joined_at"] = "2025-01-01T00:00:00.000000+00:00", ["nick"] = null,
        ["deaf"] = false, ["mute"] = false, ["flags"] = 0, ["premium_since"] = null, ["pending"] = false,
    };
}
