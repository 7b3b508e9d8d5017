using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace PolicyBot.Adapters.Discord.Gateway;

/// <summary>
/// A Discord Gateway connection (protocols.md §3): Hello → heartbeats → Identify or Resume →
/// dispatches. It resumes on op 7, op 9 d:true, resumable close codes and dropped sockets; identifies
/// afresh on op 9 d:false, 4007, 4009 or a resume that keeps failing; and stops for good on the fatal
/// codes (4004, 4010–4014) with one error line, because reconnecting cannot fix a configuration error.
/// </summary>
public sealed class DiscordGatewayClient
{
    /// <summary>Discord closes with 4002 on any client frame larger than this.</summary>
    public const int MaxFrameBytes = 4096;

    private const int RecentDelaysKept = 32;
    private const int NoSequence = -1;

    private readonly DiscordGatewayClientOptions _options;
    private readonly Func<CancellationToken, Task<Uri>> _resolveGatewayUrl;
    private readonly IDiscordGatewayHandler _handler;
    private readonly TimeProvider _time;
    private readonly ILogger<DiscordGatewayClient> _logger;
    private readonly ConcurrentDictionary<long, Task> _runningHandlers = new();
    private readonly Queue<TimeSpan> _reconnectDelays = new();

    private long _sequence = NoSequence;
    private long _handlerIds;
    private Uri? _resumeUrl;
    private volatile string? _sessionId;
    private volatile string? _botUserId;
    private volatile bool _isReady;
    private int _fatalCloseCode;
    private int _identifies;
    private int _resumes;
    private int _connections;
    private int _running;

    public DiscordGatewayClient(
        DiscordGatewayClientOptions options,
        Func<CancellationToken, Task<Uri>> resolveGatewayUrl,
        IDiscordGatewayHandler handler,
        TimeProvider time,
        ILogger<DiscordGatewayClient> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.BotToken))
        {
            throw new ArgumentException("The Gateway needs the bot token (Discord:BotToken).", nameof(options));
        }

        _options = options;
        _resolveGatewayUrl = resolveGatewayUrl;
        _handler = handler;
        _time = time;
        _logger = logger;
    }

    /// <summary>The bot's user id from READY; mentions of it are what the bot answers.</summary>
    public string? BotUserId => _botUserId;

    /// <summary>The session to resume; null before READY and after the session was invalidated.</summary>
    public string? SessionId => _sessionId;

    /// <summary>True between READY/RESUMED and the end of that connection.</summary>
    public bool IsReady => _isReady;

    /// <summary>The close code that stopped the client for good, if one did.</summary>
    public int? FatalCloseCode => Volatile.Read(ref _fatalCloseCode) is var code and not 0 ? code : null;

    public int Identifies => Volatile.Read(ref _identifies);

    public int Resumes => Volatile.Read(ref _resumes);

    /// <summary>WebSocket connections opened (failed connects are not counted).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The last sequence number received, or null before the first dispatch of a session.</summary>
    public long? LastSequence => Interlocked.Read(ref _sequence) is var s and >= 0 ? s : null;

    /// <summary>The most recent reconnect backoff delays, oldest first (for operators and tests).</summary>
    public IReadOnlyList<TimeSpan> ReconnectDelays
    {
        get
        {
            lock (_reconnectDelays)
            {
                return _reconnectDelays.ToArray();
            }
        }
    }

    /// <summary>Runs until <paramref name="ct"/> is cancelled or Discord closes with a fatal code.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        // One session per client: two loops would identify twice and fight over the session state.
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("The Discord Gateway client is already running.");
        }

        int failures = 0;
        int failedResumes = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                bool resuming = _sessionId is not null && _resumeUrl is not null;
                Uri url;
                if (resuming)
                {
                    url = WithGatewayQuery(_resumeUrl!);
                }
                else
                {
                    try
                    {
                        url = WithGatewayQuery(await _resolveGatewayUrl(ct));
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        failures++;
                        _logger.LogWarning("Could not resolve the Discord Gateway URL ({Reason}); retrying.", ex.Message);
                        var wait = Backoff(failures);
                        RecordDelay(wait);
                        await DelayAsync(wait, ct);
                        continue;
                    }
                }

                var end = await RunConnectionAsync(url, resuming, ct);
                _isReady = false;
                if (end.Kind == EndKind.Cancelled || ct.IsCancellationRequested)
                {
                    break;
                }

                if (end.Kind == EndKind.Fatal)
                {
                    int code = end.CloseCode ?? 0;
                    Volatile.Write(ref _fatalCloseCode, code);
                    _logger.LogError("Discord Gateway closed with {CloseCode}, {Problem}. Not reconnecting; the bot will not see mentions or DMs until this is fixed and it is restarted.", code, DiscordGatewayCloseCodes.Describe(code));
                    break;
                }

                if (end.Established)
                {
                    failures = 0;
                    failedResumes = 0;
                }
                else if (resuming && ++failedResumes >= _options.MaxFailedResumes)
                {
                    _logger.LogWarning("Resuming Discord session {SessionId} failed {Count} times; identifying afresh.", _sessionId, failedResumes);
                    ForgetSession();
                    failedResumes = 0;
                }

                if (end.Kind is EndKind.Identify or EndKind.InvalidSession)
                {
                    ForgetSession();
                    failedResumes = 0;
                }

                if (end.Kind == EndKind.InvalidSession)
                {
                    // Discord asks for a random 1–5 s pause so that a fleet of shards does not re-identify in step.
                    await DelayAsync(Between(_options.InvalidSessionDelayMin, _options.InvalidSessionDelayMax), ct);
                }
                else if (!end.Established)
                {
                    // Only failures back off: a connection that reached READY/RESUMED reconnects at once, as op 7 expects.
                    failures++;
                    var delay = Backoff(failures);
                    RecordDelay(delay);
                    await DelayAsync(delay, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutdown.
        }
        finally
        {
            _isReady = false;

            // Handlers observe the same token; let them finish their error boundaries before RunAsync returns.
            await Task.WhenAll(_runningHandlers.Values);
        }
    }

    /// <summary>Adds (or replaces) <c>v=10&amp;encoding=json</c>, keeping any other query parameters.</summary>
    public static Uri WithGatewayQuery(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var builder = new UriBuilder(url);
        var kept = builder.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("v=", StringComparison.Ordinal) && !p.StartsWith("encoding=", StringComparison.Ordinal)
                // The client reads plain JSON text frames; a compressed stream would be unreadable.
                && !p.StartsWith("compress=", StringComparison.Ordinal));
        builder.Query = string.Join('&', new[] { "v=10", "encoding=json" }.Concat(kept));
        return builder.Uri;
    }

    /// <summary>
    /// The shared jittered backoff (<see cref="PolicyBot.Core.Retry.Backoff"/>) from a first step of twice the minimum,
    /// so failure n waits between min × 2^(n-1) and twice that, capped at max: never under the minimum, growing, spread.
    /// </summary>
    internal static TimeSpan Backoff(int failures, TimeSpan min, TimeSpan max, double random) =>
        PolicyBot.Core.Retry.Backoff.Delay(Math.Max(failures, 1), min * 2, max < min * 2 ? min * 2 : max, random);

    private TimeSpan Backoff(int failures) => Backoff(failures, _options.ReconnectDelayMin, _options.ReconnectDelayMax, NextRandom());

    private static TimeSpan Between(TimeSpan min, TimeSpan max) => min + ((max - min) * NextRandom());

    // Jitter only; nothing secret depends on it.
#pragma warning disable CA5394
    private static double NextRandom() => Random.Shared.NextDouble();
#pragma warning restore CA5394

    private void RecordDelay(TimeSpan delay)
    {
        lock (_reconnectDelays)
        {
            _reconnectDelays.Enqueue(delay);
            while (_reconnectDelays.Count > RecentDelaysKept)
            {
                _reconnectDelays.Dequeue();
            }
        }
    }

    private void ForgetSession()
    {
        _sessionId = null;
        _resumeUrl = null;
        Interlocked.Exchange(ref _sequence, NoSequence);
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken ct) => delay > TimeSpan.Zero ? Task.Delay(delay, _time, ct) : Task.CompletedTask;

    private enum EndKind
    {
        /// <summary>Connect again, resuming when a session is known.</summary>
        Reconnect,

        /// <summary>The session is gone (4007, 4009): connect to the original URL and Identify.</summary>
        Identify,

        /// <summary>Op 9 d:false: wait 1–5 s, then Identify.</summary>
        InvalidSession,

        Fatal,
        Cancelled,
    }

    private readonly record struct ConnectionEnd(EndKind Kind, bool Established, int? CloseCode = null);

    /// <summary>What one connection's loops share.</summary>
    private sealed class Connection(ClientWebSocket socket, CancellationTokenSource cts) : IDisposable
    {
        public ClientWebSocket Socket { get; } = socket;

        public CancellationTokenSource Cts { get; } = cts;

        public SemaphoreSlim SendLock { get; } = new(1, 1);

        /// <summary>A heartbeat went out and its ACK has not come back yet.</summary>
        public volatile bool AckPending;

        /// <summary>The client closed this connection itself (zombie, op 7, op 9) and now waits for the server's close.</summary>
        public volatile bool ClosedByClient;

        public volatile bool Zombie;

        public void Dispose() => SendLock.Dispose();
    }

    private async Task<ConnectionEnd> RunConnectionAsync(Uri url, bool resuming, CancellationToken ct)
    {
        using var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(url, ct);
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException)
        {
            _logger.LogWarning("Could not connect to the Discord Gateway at {Host} ({Reason}).", url.Authority, ex.Message);
            return new ConnectionEnd(EndKind.Reconnect, Established: false);
        }

        Interlocked.Increment(ref _connections);

        // Not linked to ct: cancelling a pending receive aborts the socket, and shutdown should close it with 1000 instead.
        using var cts = new CancellationTokenSource();
        using var connection = new Connection(socket, cts);
        using var shutdown = ct.Register(() => _ = CloseForShutdownAsync(connection, CancellationToken.None));
        Task heartbeats = Task.CompletedTask;
        bool established = false;
        try
        {
            var buffer = new byte[16 * 1024];
            while (true)
            {
                string? text = await ReceiveTextAsync(socket, buffer, cts.Token);
                if (text is null)
                {
                    return ct.IsCancellationRequested ? new ConnectionEnd(EndKind.Cancelled, established) : OnServerClose(connection, established);
                }

                JsonDocument document;
                try
                {
                    document = JsonDocument.Parse(text);
                }
                catch (JsonException)
                {
                    _logger.LogWarning("Ignored a Discord Gateway frame that is not JSON.");
                    continue;
                }

                using (document)
                {
                    var frame = document.RootElement;
                    int op = frame.TryGetProperty("op", out var opElement) && opElement.TryGetInt32(out int o) ? o : -1;
                    if (frame.TryGetProperty("s", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetInt64(out long seq))
                    {
                        Interlocked.Exchange(ref _sequence, seq);
                    }

                    var d = frame.TryGetProperty("d", out var data) ? data : default;
                    switch (op)
                    {
                        case 10:
                            double intervalMs = d.ValueKind == JsonValueKind.Object && d.TryGetProperty("heartbeat_interval", out var hi) && hi.TryGetDouble(out double ms) ? ms : 41250;
                            heartbeats = HeartbeatLoopAsync(connection, TimeSpan.FromMilliseconds(Math.Max(1, intervalMs)), cts.Token);
                            if (resuming)
                            {
                                await SendResumeAsync(connection, cts.Token);
                            }
                            else
                            {
                                await SendIdentifyAsync(connection, cts.Token);
                            }

                            break;
                        case 11:
                            connection.AckPending = false;
                            break;
                        case 1:
                            // The server asks for a heartbeat now, outside the schedule.
                            await SendHeartbeatAsync(connection, cts.Token);
                            break;
                        case 7:
                            _logger.LogInformation("Discord asked the bot to reconnect (op 7); resuming.");
                            await CloseFromClientAsync(connection, DiscordGatewayCloseCodes.UnknownError, "reconnect requested", waitForServer: true, ct);
                            return new ConnectionEnd(EndKind.Reconnect, established);
                        case 9:
                            bool resumable = d.ValueKind == JsonValueKind.True;
                            _logger.LogWarning("Discord invalidated the session (op 9, resumable: {Resumable}).", resumable);
                            if (resumable)
                            {
                                // Not 1000/1001: those would end the session we are about to resume.
                                await CloseFromClientAsync(connection, DiscordGatewayCloseCodes.UnknownError, "invalid session, resuming", waitForServer: true, ct);
                                return new ConnectionEnd(EndKind.Reconnect, established);
                            }

                            await CloseFromClientAsync(connection, (int)WebSocketCloseStatus.NormalClosure, "invalid session", waitForServer: true, ct);
                            return new ConnectionEnd(EndKind.InvalidSession, established);
                        case 0:
                            established |= OnDispatch(frame, d, ct);
                            break;
                        default:
                            break;
                    }
                }
            }
        }
        catch (Exception ex) when (ct.IsCancellationRequested && ex is OperationCanceledException or WebSocketException or IOException)
        {
            // Shutdown, and the server did not answer our close in time.
            return new ConnectionEnd(EndKind.Cancelled, established);
        }
        catch (OperationCanceledException) when (connection.Zombie)
        {
            return new ConnectionEnd(EndKind.Reconnect, established);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException)
        {
            _logger.LogWarning("Discord Gateway connection dropped ({Reason}); reconnecting.", ex.Message);
            return new ConnectionEnd(EndKind.Reconnect, established);
        }
        finally
        {
            await cts.CancelAsync();
            await heartbeats;
        }
    }

    /// <summary>At shutdown a 1000 close tells Discord the bot is going offline on purpose; the receive loop reads the answer.</summary>
    private async Task CloseForShutdownAsync(Connection connection, CancellationToken ct)
    {
        await CloseFromClientAsync(connection, (int)WebSocketCloseStatus.NormalClosure, "shutting down", waitForServer: false, ct);
        try
        {
            connection.Cts.CancelAfter(_options.CloseTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The connection ended meanwhile.
        }
    }

    private ConnectionEnd OnServerClose(Connection connection, bool established)
    {
        int? code = (int?)connection.Socket.CloseStatus;
        if (connection.ClosedByClient)
        {
            // The server answered our own close (zombie); the session stays resumable.
            return new ConnectionEnd(EndKind.Reconnect, established, code);
        }

        if (code is { } c && DiscordGatewayCloseCodes.IsFatal(c))
        {
            return new ConnectionEnd(EndKind.Fatal, established, c);
        }

        if (code is { } n && DiscordGatewayCloseCodes.RequiresNewSession(n))
        {
            _logger.LogWarning("Discord Gateway closed with {CloseCode} ({Description}); identifying afresh.", n, connection.Socket.CloseStatusDescription);
            return new ConnectionEnd(EndKind.Identify, established, n);
        }

        _logger.LogWarning("Discord Gateway closed with {CloseCode} ({Description}); reconnecting.", code, connection.Socket.CloseStatusDescription);
        return new ConnectionEnd(EndKind.Reconnect, established, code);
    }

    /// <summary>Handles one dispatch; true when it is READY or RESUMED (the connection is established).</summary>
    private bool OnDispatch(JsonElement frame, JsonElement d, CancellationToken ct)
    {
        string? type = frame.TryGetProperty("t", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        switch (type)
        {
            case "READY" when d.ValueKind == JsonValueKind.Object:
                _sessionId = d.TryGetProperty("session_id", out var sid) && sid.ValueKind == JsonValueKind.String ? sid.GetString() : null;
                _resumeUrl = d.TryGetProperty("resume_gateway_url", out var ru) && ru.ValueKind == JsonValueKind.String
                    && Uri.TryCreate(ru.GetString(), UriKind.Absolute, out var resumeUrl) ? resumeUrl : null;
                if (d.TryGetProperty("user", out var user) && user.ValueKind == JsonValueKind.Object
                    && user.TryGetProperty("id", out var uid) && uid.ValueKind == JsonValueKind.String)
                {
                    _botUserId = uid.GetString();
                }

                _isReady = true;
                _logger.LogInformation("Discord Gateway ready as user {BotUserId}, session {SessionId}.", _botUserId, _sessionId);
                return true;
            case "RESUMED":
                _isReady = true;
                _logger.LogInformation("Discord Gateway resumed session {SessionId} at sequence {Sequence}.", _sessionId, LastSequence);
                return true;
            case "MESSAGE_CREATE":
                if (_botUserId is not { } botUserId)
                {
                    return false;
                }

                if (DiscordGatewayPayloads.ParseMessageCreate(d) is { } message)
                {
                    StartHandler(message, botUserId, ct);
                }
                else
                {
                    _logger.LogWarning("Skipped a MESSAGE_CREATE that lacks id, channel_id or author.id.");
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>One task and one error boundary per message, off the receive loop.</summary>
    private void StartHandler(DiscordGatewayMessage message, string botUserId, CancellationToken ct)
    {
        long id = Interlocked.Increment(ref _handlerIds);
        var task = Task.Run(async () =>
        {
            try
            {
                await _handler.OnMessageAsync(message, botUserId, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Shutdown.
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "Handling Discord message {MessageId} in channel {ChannelId} failed.", message.Id, message.ChannelId);
            }
            finally
            {
                _runningHandlers.TryRemove(id, out _);
            }
        }, CancellationToken.None);
        _runningHandlers.TryAdd(id, task);
        if (task.IsCompleted)
        {
            _runningHandlers.TryRemove(id, out _);
        }
    }

    private async Task HeartbeatLoopAsync(Connection connection, TimeSpan interval, CancellationToken ct)
    {
        try
        {
            // The first beat is jittered so that clients reconnecting together do not beat in step.
            await Task.Delay(interval * NextRandom(), _time, ct);
            while (!ct.IsCancellationRequested)
            {
                if (connection.AckPending)
                {
                    _logger.LogWarning("No heartbeat ACK from Discord within {Interval}; closing the zombie connection and resuming.", interval);
                    connection.Zombie = true;
                    await CloseFromClientAsync(connection, DiscordGatewayCloseCodes.UnknownError, "heartbeat not acknowledged", waitForServer: false, ct);

                    // The receive loop reads the server's answering close; if none comes, stop waiting.
                    connection.Cts.CancelAfter(_options.CloseTimeout);
                    return;
                }

                connection.AckPending = true;
                await SendHeartbeatAsync(connection, ct);
                await Task.Delay(interval, _time, ct);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The connection is ending; the receive loop reports why.
        }
    }

    private Task SendHeartbeatAsync(Connection connection, CancellationToken ct)
    {
        long seq = Interlocked.Read(ref _sequence);
        return SendAsync(connection, new JsonObject { ["op"] = 1, ["d"] = seq >= 0 ? JsonValue.Create(seq) : null }, ct);
    }

    private Task SendIdentifyAsync(Connection connection, CancellationToken ct)
    {
        var properties = _options.IdentifyProperties;
        var d = new JsonObject
        {
            ["token"] = _options.BotToken,
            ["intents"] = (int)_options.Intents,
            ["properties"] = new JsonObject { ["os"] = properties.Os, ["browser"] = properties.Browser, ["device"] = properties.Device },
        };
        if (_options.Shard is { } shard)
        {
            d["shard"] = new JsonArray(shard.Id, shard.Count);
        }

        Interlocked.Increment(ref _identifies);
        _logger.LogInformation("Identifying to the Discord Gateway with intents {Intents}{Shard}.", (int)_options.Intents, _options.Shard is { } s ? $", shard {s.Id}/{s.Count}" : "");
        return SendAsync(connection, new JsonObject { ["op"] = 2, ["d"] = d }, ct);
    }

    private Task SendResumeAsync(Connection connection, CancellationToken ct)
    {
        long seq = Interlocked.Read(ref _sequence);
        Interlocked.Increment(ref _resumes);
        _logger.LogInformation("Resuming Discord session {SessionId} from sequence {Sequence}.", _sessionId, seq);
        var d = new JsonObject { ["token"] = _options.BotToken, ["session_id"] = _sessionId, ["seq"] = seq >= 0 ? JsonValue.Create(seq) : null };
        return SendAsync(connection, new JsonObject { ["op"] = 6, ["d"] = d }, ct);
    }

    private static async Task SendAsync(Connection connection, JsonObject frame, CancellationToken ct)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(frame.ToJsonString());
        if (bytes.Length > MaxFrameBytes)
        {
            // Discord would close with 4002; say which frame instead (without its content, which may hold the token).
            throw new InvalidOperationException($"A Gateway frame with op {frame["op"]} is {bytes.Length} bytes; Discord accepts at most {MaxFrameBytes}.");
        }

        await connection.SendLock.WaitAsync(ct);
        try
        {
            await connection.Socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
        }
        finally
        {
            connection.SendLock.Release();
        }
    }

    /// <summary>
    /// Sends a close frame; with <paramref name="waitForServer"/>, reads until the server answers (or
    /// the close timeout passes) so the frame is not lost to an abort that follows too soon.
    /// </summary>
    private async Task CloseFromClientAsync(Connection connection, int code, string reason, bool waitForServer, CancellationToken ct)
    {
        connection.ClosedByClient = true;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.CloseTimeout);
        try
        {
            await connection.SendLock.WaitAsync(timeout.Token);
            try
            {
                if (connection.Socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await connection.Socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, timeout.Token);
                }
            }
            finally
            {
                connection.SendLock.Release();
            }

            if (waitForServer)
            {
                var buffer = new byte[4096];
                while (connection.Socket.State == WebSocketState.CloseSent)
                {
                    await connection.Socket.ReceiveAsync(buffer, timeout.Token);
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException or ObjectDisposedException)
        {
            // The socket is going away regardless.
        }
    }

    private static async Task<string?> ReceiveTextAsync(ClientWebSocket socket, byte[] buffer, CancellationToken ct)
    {
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, ct);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                if (socket.State == WebSocketState.CloseReceived)
                {
                    // Complete the closing handshake politely, echoing the server's code.
                    try
                    {
                        await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.Empty, null, ct);
                    }
                    catch (WebSocketException)
                    {
                        // Already gone.
                    }
                }

                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }
}
