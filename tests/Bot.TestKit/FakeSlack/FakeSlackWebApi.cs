using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PolicyBot.TestKit.FakeSlack;

/// <summary>A message the fake accepted through chat.postMessage.</summary>
public sealed record PostedMessage(string Channel, string Text, JsonArray? Blocks, string? ThreadTs, string Ts)
{
    /// <summary>The message metadata (<c>event_type</c>, <c>event_payload</c>) the poster attached, if any.</summary>
    public JsonObject? Metadata { get; init; }
}

/// <summary>
/// A loopback stand-in for Slack's Web API (auth.test, chat.postMessage) that behaves like the real
/// service as protocols.md §5.6 and §10 describe: bearer-token auth, JSON with a charset,
/// <c>ok:false</c> errors on HTTP 200, parameter names checked against the Web API spec, Block Kit
/// limits, 40,000-character truncation, and HTTP 429 with Retry-After for bursts above about one
/// message a second per channel. Tests can also script 429s and 5xx outages.
/// </summary>
public sealed class FakeSlackWebApi : IAsyncDisposable
{
    // chat.postMessage's parameters in slack_web_openapi_v2.json.
    private static readonly HashSet<string> PostMessageParameters = new(StringComparer.Ordinal)
    {
        "token", "as_user", "attachments", "blocks", "channel", "icon_emoji", "icon_url", "link_names", "mrkdwn", "parse",
        "reply_broadcast", "text", "thread_ts", "unfurl_links", "unfurl_media", "username", "metadata",
    };

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<PostedMessage> _posted = new();
    private readonly Dictionary<string, Queue<DateTimeOffset>> _recentPosts = new(StringComparer.Ordinal);
    private int _scripted429;
    private int _scripted500;
    private long _ts = 1_700_000_000_000_000;

    private FakeSlackWebApi(WebApplication app)
    {
        _app = app;
    }

    public string BotToken { get; init; } = "xoxb-test-token";

    public string BotUserId { get; init; } = "UBOT00001";

    public string BotId { get; init; } = "BBOT00001";

    public HashSet<string> KnownChannels { get; } = new(StringComparer.Ordinal) { "C0000GENERAL", "D0000DIRECT" };

    /// <summary>Enforce about one message a second per channel (bursts of two tolerated) with 429s, as Slack does; on by default.</summary>
    public bool EnforceChannelRate { get; set; } = true;

    /// <summary>Channels that exist but the bot is not a member of: posting there answers <c>not_in_channel</c>.</summary>
    public HashSet<string> NotInChannel { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, a post is recorded as delivered and then this fails the HTTP answer (the poster never learns it was posted).</summary>
    public int LoseAnswerOfNextPosts { get; set; }

    /// <summary>How long chat.postMessage takes before it accepts a message (a slow Slack).</summary>
    public TimeSpan PostDelay { get; set; } = TimeSpan.Zero;

    public Uri BaseUrl { get; private set; } = null!;

    public IReadOnlyList<PostedMessage> Posted => _posted.ToList();

    public int RateLimitedResponses => _rateLimited;

    private int _rateLimited;

    public static async Task<FakeSlackWebApi> StartAsync(CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseWebSockets();
        var fake = new FakeSlackWebApi(app);
        app.MapPost("/api/auth.test", (Func<HttpContext, Task<IResult>>)fake.AuthTest);
        app.MapPost("/api/chat.postMessage", (Func<HttpContext, Task<IResult>>)fake.PostMessage);
        app.MapPost("/api/conversations.history", (Func<HttpContext, Task<IResult>>)fake.History);
        app.MapPost("/response/{id}", (Func<HttpContext, string, Task<IResult>>)fake.PostResponse);
        app.MapPost("/api/apps.connections.open", (Func<HttpContext, IResult>)fake.OpenConnection);
        app.Map("/socket", (Func<HttpContext, Task>)fake.AcceptSocketAsync);
        await app.StartAsync(ct);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/api/");
        return fake;
    }

    /// <summary>The xapp- token Socket Mode needs for apps.connections.open.</summary>
    public string AppToken { get; init; } = "xapp-1-test-token";

    private readonly ConcurrentQueue<System.Net.WebSockets.WebSocket> _sockets = new();
    private readonly ConcurrentQueue<string> _acks = new();
    private int _connectionsOpened;

    /// <summary>Socket Mode connections the bot has opened so far.</summary>
    public int ConnectionsOpened => _connectionsOpened;

    /// <summary>Envelope ids the bot acknowledged.</summary>
    public IReadOnlyList<string> Acks => _acks.ToList();

    private IResult OpenConnection(HttpContext context)
    {
        if (context.Request.Headers.Authorization != "Bearer " + AppToken)
        {
            return Error(context.Request.Headers.Authorization.ToString().StartsWith("Bearer xoxb-", StringComparison.Ordinal) ? "not_allowed_token_type" : "invalid_auth");
        }

        var ws = new UriBuilder(BaseUrl) { Scheme = "ws", Path = "/socket", Query = "ticket=" + Guid.NewGuid().ToString("N") }.Uri;
        return Ok(new JsonObject { ["url"] = ws.AbsoluteUri });
    }

    private async Task AcceptSocketAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        Interlocked.Increment(ref _connectionsOpened);
        _sockets.Enqueue(socket);
        await SendAsync(socket, new JsonObject { ["type"] = "hello", ["num_connections"] = 1, ["connection_info"] = new JsonObject { ["app_id"] = "A0000BOT" } });
        var buffer = new byte[64 * 1024];
        while (socket.State == System.Net.WebSockets.WebSocketState.Open)
        {
            System.Net.WebSockets.WebSocketReceiveResult result;
            try
            {
                result = await socket.ReceiveAsync(buffer, CancellationToken.None);
            }
            catch (System.Net.WebSockets.WebSocketException)
            {
                break;
            }

            if (result.MessageType == System.Net.WebSockets.WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                break;
            }

            if (JsonNode.Parse(System.Text.Encoding.UTF8.GetString(buffer, 0, result.Count))?["envelope_id"]?.GetValue<string>() is { } ack)
            {
                _acks.Enqueue(ack);
            }
        }
    }

    /// <summary>Where the fake delivers events (the bot's /slack/events), and the signing secret it signs them with.</summary>
    public (Uri Url, string SigningSecret)? EventsTarget { get; set; }

    /// <summary>
    /// Several replicas behind a load balancer: when set, delivery attempt n of an event goes to
    /// <c>EventsReplicas[n % count]</c>, so a retry lands on another replica than the first delivery.
    /// </summary>
    public IReadOnlyList<Uri>? EventsReplicas { get; set; }

    /// <summary>How long the fake waits for the bot's ack before it counts the delivery as failed and retries.</summary>
    public TimeSpan AckTimeout { get; set; } = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<string, int> _acksToLose = new(StringComparer.Ordinal);

    /// <summary>The next <paramref name="count"/> acks for this event count as not received in time (a slow bot or a lost response), so Slack retries it.</summary>
    public void LoseAcks(string eventId, int count) => _acksToLose[eventId] = count;

    /// <summary>Echo every accepted chat.postMessage back to the bot as a message event with bot_id, as Slack does.</summary>
    public bool EchoPosts { get; set; }

    /// <summary>Deliveries made to the bot: event id, retry number, HTTP status (0 when timed out).</summary>
    public IReadOnlyList<(string EventId, int Retry, int Status)> Deliveries => _deliveries.ToList();

    private readonly ConcurrentQueue<(string, int, int)> _deliveries = new();
    private static readonly HttpClient DeliveryClient = new();
    private int _eventCounter;

    /// <summary>
    /// Delivers an event_callback to the bot as Slack does: signed over the raw bytes, and retried
    /// up to 3 times with X-Slack-Retry-Num / X-Slack-Retry-Reason when the bot does not answer 2xx
    /// within <see cref="AckTimeout"/>.
    /// </summary>
    public async Task DeliverEventAsync(JsonObject @event, string? eventId = null)
    {
        var (url, secret) = EventsTarget ?? throw new InvalidOperationException("Set EventsTarget first.");
        eventId ??= "EvFake" + Interlocked.Increment(ref _eventCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var envelope = new JsonObject
        {
            ["token"] = "x", ["team_id"] = "T0000FAKE", ["api_app_id"] = "A0000BOT", ["type"] = "event_callback",
            ["event_id"] = eventId, ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["event"] = @event.DeepClone(),
        };
        byte[] body = System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString());
        for (int retry = 0; retry <= 3; retry++)
        {
            long ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var target = EventsReplicas is { Count: > 0 } replicas ? replicas[retry % replicas.Count] : url;
            using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.Add("X-Slack-Signature", Sign(secret, ts, body));
            if (retry > 0)
            {
                request.Headers.Add("X-Slack-Retry-Num", retry.ToString(System.Globalization.CultureInfo.InvariantCulture));
                request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
            }

            int status;
            using var timeout = new CancellationTokenSource(AckTimeout);
            try
            {
                using var response = await DeliveryClient.SendAsync(request, timeout.Token);
                status = (int)response.StatusCode;
            }
            catch (OperationCanceledException)
            {
                status = 0;
            }

            if (status != 0 && _acksToLose.TryGetValue(eventId, out int lose) && lose > 0)
            {
                _acksToLose[eventId] = lose - 1;
                status = 0; // Slack did not see this ack in time.
            }

            _deliveries.Enqueue((eventId, retry, status));
            if (status is >= 200 and < 300)
            {
                return;
            }
        }
    }

    /// <summary>
    /// v0 signature as Slack computes it: HMAC-SHA256 of "v0:{timestamp}:{body}". Written here on its
    /// own, not borrowed from the adapter, so the fake checks the bot's verifier independently.
    /// </summary>
    public static string Sign(string secret, long timestamp, byte[] body)
    {
        var prefix = System.Text.Encoding.UTF8.GetBytes(FormattableString.Invariant($"v0:{timestamp}:"));
        var data = new byte[prefix.Length + body.Length];
        prefix.CopyTo(data, 0);
        body.CopyTo(data, prefix.Length);
        return "v0=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), data));
    }

    /// <summary>Drops the newest connection without a close handshake, as a network failure would.</summary>
    public void DropConnection() => NewestSocket().Abort();

    /// <summary>Sends an envelope (events_api, slash_commands, interactive) on the newest open connection.</summary>
    public Task SendEnvelopeAsync(JsonObject envelope) => SendAsync(NewestSocket(), envelope);

    /// <summary>The same envelope on every open connection, as when several replicas hold sockets and Slack redelivers on another.</summary>
    public Task SendEnvelopeToAllAsync(JsonObject envelope) =>
        Task.WhenAll(_sockets.Where(s => s.State == System.Net.WebSockets.WebSocketState.Open).Select(s => SendAsync(s, (JsonObject)envelope.DeepClone())));

    /// <summary>Tells the bot to reconnect, as Slack does every few hours ("refresh_requested") or on "warning".</summary>
    public Task SendDisconnectAsync(string reason = "refresh_requested") =>
        SendAsync(NewestSocket(), new JsonObject { ["type"] = "disconnect", ["reason"] = reason, ["debug_info"] = new JsonObject { ["host"] = "fake" } });

    private System.Net.WebSockets.WebSocket NewestSocket() =>
        _sockets.LastOrDefault(s => s.State == System.Net.WebSockets.WebSocketState.Open) ?? throw new InvalidOperationException("No open Socket Mode connection.");

    private static async Task SendAsync(System.Net.WebSockets.WebSocket socket, JsonObject message)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(message.ToJsonString());
        await socket.SendAsync(bytes, System.Net.WebSockets.WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
    }

    /// <summary>Bodies posted to response URLs, by URL id, in order.</summary>
    public IReadOnlyList<(string Id, JsonObject Body)> Responses => _responses.ToList();

    private readonly ConcurrentQueue<(string Id, JsonObject Body)> _responses = new();
    private readonly ConcurrentDictionary<string, int> _responseUses = new(StringComparer.Ordinal);

    /// <summary>A fresh response_url, as Slack puts in each slash command: 5 uses, then refused.</summary>
    public Uri NewResponseUrl() => new(BaseUrl, "/response/" + Guid.NewGuid().ToString("N"));

    private async Task<IResult> PostResponse(HttpContext context, string id)
    {
        if (_responseUses.AddOrUpdate(id, 1, (_, n) => n + 1) > 5)
        {
            return Results.Json(new JsonObject { ["ok"] = false, ["error"] = "used_url" }, statusCode: 404);
        }

        try
        {
            var body = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject ?? throw new JsonException();
            _responses.Enqueue((id, body));
            return Results.Text("ok");
        }
        catch (JsonException)
        {
            return Results.Text("invalid_payload", statusCode: 400);
        }
    }

    /// <summary>The next <paramref name="count"/> calls get HTTP 429 with <c>Retry-After: seconds</c>.</summary>
    public void RateLimitNext(int count) => Interlocked.Exchange(ref _scripted429, count);

    /// <summary>The next <paramref name="count"/> calls get HTTP 503.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref _scripted500, count);

    private async Task<IResult> AuthTest(HttpContext context)
    {
        if (await Gate(context) is { } refused)
        {
            return refused;
        }

        return Ok(new JsonObject { ["url"] = "https://fake.slack.test/", ["team"] = "Fake", ["user"] = "policybot", ["team_id"] = "T0000FAKE", ["user_id"] = BotUserId, ["bot_id"] = BotId });
    }

    /// <summary>The gate, then the JSON body: the body, or the error Slack would answer.</summary>
    private async Task<(JsonObject? Body, IResult? Refusal)> ReadCallAsync(HttpContext context)
    {
        if (await Gate(context) is { } refused)
        {
            return (null, refused);
        }

        try
        {
            return (JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync()) as JsonObject ?? throw new JsonException(), null);
        }
        catch (JsonException)
        {
            return (null, Error("invalid_json"));
        }
    }

    private async Task<IResult> PostMessage(HttpContext context)
    {
        var (read, refusal) = await ReadCallAsync(context);
        if (read is not { } body)
        {
            return refusal!;
        }

        if (body.Select(p => p.Key).FirstOrDefault(k => !PostMessageParameters.Contains(k)) is { } unknown)
        {
            return Error("invalid_arg_name", $"unknown parameter {unknown}");
        }

        string? channel = body["channel"]?.GetValue<string>();
        if (channel is null || !KnownChannels.Contains(channel))
        {
            return Error("channel_not_found");
        }

        if (NotInChannel.Contains(channel))
        {
            return Error("not_in_channel");
        }

        string text = body["text"]?.GetValue<string>() ?? "";
        var blocks = body["blocks"] as JsonArray;
        if (text.Length == 0 && blocks is null)
        {
            return Error("no_text");
        }

        if (blocks is not null && (blocks.Count > 50 || blocks.Any(b => b?["text"]?["text"]?.GetValue<string>().Length > 3000)))
        {
            return Error("invalid_blocks");
        }

        if (EnforceChannelRate && !AdmitToChannel(channel))
        {
            Interlocked.Increment(ref _rateLimited);
            context.Response.Headers.RetryAfter = "1";
            return Results.Json(new JsonObject { ["ok"] = false, ["error"] = "ratelimited" }, statusCode: 429);
        }

        if (text.Length > 40_000)
        {
            text = text[..40_000]; // Slack truncates rather than refusing.
        }

        if (PostDelay > TimeSpan.Zero)
        {
            await Task.Delay(PostDelay);
        }

        string ts = FormattableString.Invariant($"{Interlocked.Increment(ref _ts) / 1_000_000}.{Interlocked.Read(ref _ts) % 1_000_000:D6}");
        string? threadTs = body["thread_ts"]?.GetValue<string>();
        _posted.Enqueue(new PostedMessage(channel, text, blocks?.DeepClone().AsArray(), threadTs, ts) { Metadata = body["metadata"]?.DeepClone() as JsonObject });
        if (LoseAnswerOfNextPosts > 0)
        {
            LoseAnswerOfNextPosts--;
            context.Abort();
            return Results.Empty;
        }

        if (EchoPosts && EventsTarget is not null)
        {
            // Slack sends the bot's own message back as an event (bot_id set, no subtype).
            var echo = new JsonObject { ["type"] = "message", ["user"] = BotUserId, ["bot_id"] = BotId, ["text"] = text, ["ts"] = ts, ["channel"] = channel, ["channel_type"] = channel.StartsWith('D') ? "im" : "channel" };
            if (threadTs is not null)
            {
                echo["thread_ts"] = threadTs;
            }

            _ = Task.Run(() => DeliverEventAsync(echo));
        }
        return Ok(new JsonObject
        {
            ["channel"] = channel,
            ["ts"] = ts,
            ["message"] = new JsonObject { ["type"] = "message", ["text"] = text, ["user"] = BotUserId, ["bot_id"] = BotId, ["ts"] = ts },
        });
    }

    /// <summary>
    /// conversations.history: the channel's messages, newest first (up to <c>limit</c>, default 100), each with its
    /// metadata when <c>include_all_metadata</c> is true, as Slack returns them.
    /// </summary>
    private async Task<IResult> History(HttpContext context)
    {
        var (read, refusal) = await ReadCallAsync(context);
        if (read is not { } body)
        {
            return refusal!;
        }

        string? channel = body["channel"]?.GetValue<string>();
        if (channel is null || !KnownChannels.Contains(channel))
        {
            return Error("channel_not_found");
        }

        if (NotInChannel.Contains(channel))
        {
            return Error("not_in_channel");
        }

        int limit = body["limit"] is JsonValue l && l.TryGetValue(out int n) ? Math.Clamp(n, 1, 999) : 100;
        bool withMetadata = body["include_all_metadata"] is JsonValue m && m.TryGetValue(out bool include) && include;
        var messages = new JsonArray();
        foreach (var post in _posted.Where(p => p.Channel == channel).Reverse().Take(limit))
        {
            var message = new JsonObject { ["type"] = "message", ["text"] = post.Text, ["user"] = BotUserId, ["bot_id"] = BotId, ["ts"] = post.Ts };
            if (withMetadata && post.Metadata is not null)
            {
                message["metadata"] = post.Metadata.DeepClone();
            }

            messages.Add(message);
        }

        return Ok(new JsonObject { ["messages"] = messages, ["has_more"] = false });
    }

    /// <summary>
    /// About one message a second per channel with a short burst tolerated, as Slack documents:
    /// a third message within one second of two others is refused.
    /// </summary>
    private bool AdmitToChannel(string channel)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_recentPosts)
        {
            if (!_recentPosts.TryGetValue(channel, out var recent))
            {
                _recentPosts[channel] = recent = new Queue<DateTimeOffset>();
            }

            while (recent.Count > 0 && now - recent.Peek() >= TimeSpan.FromSeconds(1))
            {
                recent.Dequeue();
            }

            if (recent.Count >= 2)
            {
                return false;
            }

            recent.Enqueue(now);
            return true;
        }
    }

    /// <summary>Scripted outages and limits, then authentication and content type, as Slack checks them.</summary>
    private Task<IResult?> Gate(HttpContext context)
    {
        if (Interlocked.Decrement(ref _scripted500) >= 0)
        {
            return Task.FromResult<IResult?>(Results.StatusCode(503));
        }

        if (Interlocked.Decrement(ref _scripted429) >= 0)
        {
            Interlocked.Increment(ref _rateLimited);
            context.Response.Headers.RetryAfter = "1";
            return Task.FromResult<IResult?>(Results.Json(new JsonObject { ["ok"] = false, ["error"] = "ratelimited" }, statusCode: 429));
        }

        string? auth = context.Request.Headers.Authorization;
        if (string.IsNullOrEmpty(auth))
        {
            return Task.FromResult<IResult?>(Error("not_authed"));
        }

        if (auth != "Bearer " + BotToken)
        {
            return Task.FromResult<IResult?>(Error("invalid_auth"));
        }

        string? type = context.Request.ContentType;
        if (type is null || !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || !type.Contains("charset=utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult<IResult?>(Error("invalid_charset"));
        }

        return Task.FromResult<IResult?>(null);
    }

    private static IResult Ok(JsonObject body)
    {
        body["ok"] = true;
        return Results.Json(body);
    }

    private static IResult Error(string code, string? detail = null)
    {
        var body = new JsonObject { ["ok"] = false, ["error"] = code };
        if (detail is not null)
        {
            body["detail"] = detail;
        }

        return Results.Json(body); // Slack reports errors on HTTP 200.
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
