using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NSec.Cryptography;

namespace PolicyBot.TestKit.FakeDiscord;

/// <summary>
/// A loopback stand-in for Discord's HTTP side (protocols.md §1, §2, §4, §10): the REST API under
/// <c>/api/v10</c> with its auth, User-Agent, Content-Type, limit and rate-limit rules, the interaction
/// callback and webhook routes with their 3-second and 15-minute deadlines, and the outbound face that
/// signs interactions with a real Ed25519 key and POSTs them to the bot. Everything the bot does is recorded.
/// </summary>
/// <remarks>
/// Refusals, in the order they are checked: a scripted failure (<see cref="FailNext"/>); a User-Agent not
/// starting with <c>DiscordBot (</c> → 400 code 0 (this fake's choice; Cloudflare may block such requests on
/// the real service); on bot routes an Authorization other than exactly <c>Bot {token}</c> → 401 code 0; a
/// scripted or real rate limit → 429; a body whose Content-Type is not application/json → 400 code 50035;
/// malformed JSON → 400 code 50109; then the route's own rules. Every response that reaches the rate limiter
/// (all but scripted failures, User-Agent and auth refusals) carries the X-RateLimit-* headers. Buckets are per
/// route and top-level resource: channel id for create-message (<see cref="FakeDiscordOptions.BucketLimit"/> per
/// <see cref="FakeDiscordOptions.BucketWindow"/>), application id (+ guild) for commands, interaction id for the
/// callback, application id + token for webhooks (<see cref="FakeDiscordOptions.OtherBucketLimit"/>).
/// </remarks>
public sealed partial class FakeDiscordApi : IAsyncDisposable
{
    private const string Prefix = "/api/v10/";

    private readonly WebApplication _app;
    private readonly FakeDiscordOptions _options;
    private readonly Key _signingKey;
    private readonly HttpClient _deliveryClient = new();
    private readonly ConcurrentQueue<FakeDiscordRequest> _requests = new();
    private readonly Lock _rateLock = new();
    private readonly Dictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private DateTimeOffset _globalBlockedUntil = DateTimeOffset.MinValue;
    private readonly Queue<(string Scope, double RetryAfter)> _scripted429 = new();
    private int _failCount;
    private int _failStatus = 500;
    private int _rateLimited;
    private int _earlyRetries;
    private long _sequence;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakeDiscordApi(WebApplication app, FakeDiscordOptions options)
    {
        _app = app;
        _options = options;
        _signingKey = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.None });
        PublicKeyHex = Convert.ToHexStringLower(_signingKey.PublicKey.Export(KeyBlobFormat.RawPublicKey));
        ApplicationId = NewSnowflake();
        BotToken = options.BotToken ?? RandomToken("MTA", 59);
    }

    /// <summary>Starts the fake on http://127.0.0.1 with a free port.</summary>
    public static async Task<FakeDiscordApi> StartAsync(FakeDiscordOptions? options = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeDiscordApi(app, options ?? new FakeDiscordOptions());
        app.Run(fake.DispatchAsync);
        await app.StartAsync(ct);
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.ApiBaseUrl = new Uri(address.TrimEnd('/') + Prefix);
        return fake;
    }

    /// <summary>The REST base, ending with <c>/api/v10/</c>.</summary>
    public Uri ApiBaseUrl { get; private set; } = null!;

    /// <summary>The application's id (a snowflake); interactions and webhook routes use it.</summary>
    public string ApplicationId { get; }

    /// <summary>The bot user's id; for modern applications it equals the application id.</summary>
    public string BotUserId => ApplicationId;

    /// <summary>The only token accepted in <c>Authorization: Bot …</c>.</summary>
    public string BotToken { get; }

    /// <summary>The Ed25519 public key (64 lowercase hex characters) that verifies the interactions this fake signs.</summary>
    public string PublicKeyHex { get; }

    /// <summary>Where the bot's <c>POST /discord/interactions</c> listens; deliveries go there.</summary>
    public Uri? InteractionsUrl { get; set; }

    /// <summary>Returned as <c>url</c> by <c>GET /gateway/bot</c>.</summary>
    public Uri? GatewayUrl { get; set; }

    public FakeDiscordOptions Options => _options;

    /// <summary>Every REST request answered, in order.</summary>
    public IReadOnlyList<FakeDiscordRequest> Requests => _requests.ToList();

    /// <summary>How many 429s the fake answered (scripted or from spent buckets).</summary>
    public int RateLimitedResponses => Volatile.Read(ref _rateLimited);

    /// <summary>
    /// Requests that reached a bucket before its announced reset had elapsed — after a response said
    /// <c>X-RateLimit-Remaining: 0</c> or after a 429, before its <c>retry_after</c> — and, after a global 429,
    /// any bot request before it elapsed. A well-behaved client keeps this at 0.
    /// </summary>
    public int EarlyRetries => Volatile.Read(ref _earlyRetries);

    /// <summary>
    /// The next <paramref name="count"/> bot-authenticated requests get 429 with this scope: "user",
    /// "shared" ("The resource is being rate limited.") or "global" (<c>X-RateLimit-Global: true</c>, global:true).
    /// The body's <c>retry_after</c> is fractional; the <c>Retry-After</c> header is whole seconds, rounded up.
    /// Scripted 429s do not consume the bucket.
    /// </summary>
    public void RateLimitNext(int count = 1, string scope = "user", double retryAfterSeconds = 0.2)
    {
        lock (_rateLock)
        {
            for (int i = 0; i < count; i++)
            {
                _scripted429.Enqueue((scope, retryAfterSeconds));
            }
        }
    }

    /// <summary>The next <paramref name="count"/> requests (any route) answer <paramref name="status"/> with a Discord-like body and no side effect.</summary>
    public void FailNext(int count = 1, int status = 500)
    {
        Volatile.Write(ref _failStatus, status);
        Interlocked.Exchange(ref _failCount, count);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, re-checking on every recorded change; throws <see cref="TimeoutException"/>.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition())
        {
            try
            {
                await Volatile.Read(ref _changed).Task.WaitAsync(TimeSpan.FromMilliseconds(50), cts.Token);
            }
            catch (TimeoutException)
            {
                // Re-check: the condition may depend on something outside the fake.
            }
            catch (OperationCanceledException)
            {
                if (condition())
                {
                    return;
                }

                throw new TimeoutException($"Condition not met within {timeout}.");
            }
        }
    }

    private void NotifyChanged() =>
        Interlocked.Exchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    /// <summary>A snowflake for the current time: (ms since 2015) &lt;&lt; 22 | sequence.</summary>
    private string NewSnowflake()
    {
        long ms = Now.ToUnixTimeMilliseconds() - 1_420_070_400_000;
        long sequence = Interlocked.Increment(ref _sequence) & 0x3FFFFF;
        return ((ms << 22) | sequence).ToString(CultureInfo.InvariantCulture);
    }

    private static string RandomToken(string prefix, int length)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
        }

        return prefix + new string(chars);
    }

    /// <summary>The answer to one REST request.</summary>
    private sealed record Reply(int Status, JsonNode? Body)
    {
        public static Reply Of(FakeDiscordError error) => new(error.Status, error.ToJson());

        public static Reply Json(JsonNode body) => new(200, body);

        public static readonly Reply NoContent = new(204, null);
    }

    /// <summary>How a route is served: its bucket (route template + top-level resource) and whether it needs bot auth.</summary>
    private sealed record Route(string Template, string Resource, bool BotAuth, int Limit, TimeSpan Window);

    private async Task DispatchAsync(HttpContext context)
    {
        string path = context.Request.Path.Value ?? "";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            await WriteAsync(context, new Reply(404, new JsonObject { ["message"] = "404: Not Found", ["code"] = 0 }));
            return;
        }

        string[] s = path[Prefix.Length..].TrimEnd('/').Split('/');
        string method = context.Request.Method;
        var (route, handler) = Match(method, s, context.Request.Query);
        if (route is null || handler is null)
        {
            await WriteAsync(context, new Reply(404, new JsonObject { ["message"] = "404: Not Found", ["code"] = 0 }));
            return;
        }

        var reply = await ServeAsync(context, route, handler);
        await WriteAsync(context, reply);
    }

    private (Route?, Func<JsonNode?, Task<Reply>>?) Match(string method, string[] s, IQueryCollection query)
    {
        Route Bot(string template, string resource, bool createMessage = false) => createMessage
            ? new(template, resource, true, _options.BucketLimit, _options.BucketWindow)
            : new(template, resource, true, _options.OtherBucketLimit, _options.OtherBucketWindow);
        Route Open(string template, string resource) => new(template, resource, false, _options.OtherBucketLimit, _options.OtherBucketWindow);

        switch (s)
        {
            case ["gateway", "bot"] when method == "GET":
                return (Bot("GET gateway/bot", ""), _ => Task.FromResult(GatewayBot()));
            case ["applications", var app, "commands"] when method is "GET" or "PUT":
                return (Bot(method + " applications/{app}/commands", app), body => Task.FromResult(Commands(method, app, null, body)));
            case ["applications", var app, "guilds", var guild, "commands"] when method is "GET" or "PUT":
                return (Bot(method + " applications/{app}/guilds/{guild}/commands", app + "/" + guild), body => Task.FromResult(Commands(method, app, guild, body)));
            case ["channels", var channel, "messages"] when method == "POST":
                return (Bot("POST channels/{channel}/messages", channel, createMessage: true), body => Task.FromResult(CreateMessage(channel, body)));
            case ["interactions", var id, var token, "callback"] when method == "POST":
                bool withResponse = string.Equals(query["with_response"], "true", StringComparison.OrdinalIgnoreCase);
                return (Open("POST interactions/{id}/{token}/callback", id), body => Task.FromResult(Callback(id, token, body, withResponse)));
            case ["webhooks", var app, var token] when method == "POST":
                return (Open("POST webhooks/{app}/{token}", app + "/" + token), body => Task.FromResult(Webhook(method, app, token, null, body)));
            case ["webhooks", var app, var token, "messages", var message] when method is "GET" or "PATCH" or "DELETE":
                return (Open(method + " webhooks/{app}/{token}/messages/{message}", app + "/" + token), body => Task.FromResult(Webhook(method, app, token, message, body)));
            default:
                return (null, null);
        }
    }

    private Reply GatewayBot() => Reply.Json(new JsonObject
    {
        ["url"] = GatewayUrl?.AbsoluteUri.TrimEnd('/') ?? "wss://gateway.discord.gg",
        ["shards"] = 1,
        ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = 999, ["reset_after"] = 86_400_000, ["max_concurrency"] = 1 },
    });

    private async Task<Reply> ServeAsync(HttpContext context, Route route, Func<JsonNode?, Task<Reply>> handler)
    {
        if (TryTake(ref _failCount))
        {
            int status = Volatile.Read(ref _failStatus);
            return new Reply(status, new JsonObject { ["message"] = $"{status}: {ReasonPhrase(status)}", ["code"] = 0 });
        }

        string userAgent = context.Request.Headers.UserAgent.ToString();
        if (!userAgent.StartsWith("DiscordBot (", StringComparison.Ordinal))
        {
            return new Reply(400, new JsonObject
            {
                ["message"] = "User-Agent must be \"DiscordBot ($url, $versionNumber)\"; got \"" + userAgent + "\".",
                ["code"] = 0,
            });
        }

        if (route.BotAuth && !string.Equals(context.Request.Headers.Authorization.ToString(), "Bot " + BotToken, StringComparison.Ordinal))
        {
            return Reply.Of(FakeDiscordError.Unauthorized());
        }

        if (Admit(context, route) is { } limited)
        {
            return limited;
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        JsonNode? body = null;
        if (buffer.Length > 0)
        {
            string? contentType = context.Request.ContentType;
            string media = contentType?.Split(';')[0].Trim() ?? "";
            if (!string.Equals(media, "application/json", StringComparison.OrdinalIgnoreCase))
            {
                var errors = new FormErrors();
                errors.Add("", "CONTENT_TYPE_INVALID", $"Expected \"Content-Type\" header to be one of {{'application/json'}}; got \"{contentType}\".");
                return Reply.Of(errors.ToError()!);
            }

            try
            {
                body = JsonNode.Parse(buffer.ToArray());
            }
            catch (JsonException)
            {
                return new Reply(400, new JsonObject { ["message"] = "The request body contains invalid JSON.", ["code"] = 50109 });
            }
        }

        return await handler(body);
    }

    private static bool TryTake(ref int counter)
    {
        int value;
        do
        {
            value = Volatile.Read(ref counter);
            if (value <= 0)
            {
                return false;
            }
        }
        while (Interlocked.CompareExchange(ref counter, value - 1, value) != value);
        return true;
    }

    private static string ReasonPhrase(int status) => status switch
    {
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    };

    private async Task WriteAsync(HttpContext context, Reply reply)
    {
        context.Response.StatusCode = reply.Status;
        int? code = reply.Body is JsonObject o && reply.Status >= 400 && FakeDiscordValidation.TryLong(o["code"], out long c) ? (int)c : null;
        _requests.Enqueue(new FakeDiscordRequest(context.Request.Method, context.Request.Path.Value ?? "", reply.Status, code));
        NotifyChanged();
        if (reply.Body is not null && reply.Status != 204)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(reply.Body.ToJsonString(), Encoding.UTF8, context.RequestAborted);
        }
    }

    private sealed class Bucket(string hash, int limit, TimeSpan window)
    {
        public string Hash { get; } = hash;

        public int Limit { get; } = limit;

        public TimeSpan Window { get; } = window;

        public DateTimeOffset WindowStart { get; set; } = DateTimeOffset.MinValue;

        public int Used { get; set; }

        /// <summary>Until when the last response said to wait (Remaining 0, or a 429's retry_after).</summary>
        public DateTimeOffset BlockedUntil { get; set; } = DateTimeOffset.MinValue;
    }

    /// <summary>Counts the request against its bucket, writes the X-RateLimit-* headers, and returns a 429 when refused.</summary>
    private Reply? Admit(HttpContext context, Route route)
    {
        var headers = context.Response.Headers;
        lock (_rateLock)
        {
            var now = Now;
            string key = route.Template + " " + route.Resource;
            if (!_buckets.TryGetValue(key, out var bucket))
            {
                string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(route.Template)))[..32];
                _buckets[key] = bucket = new Bucket(hash, route.Limit, route.Window);
            }

            if (now < bucket.BlockedUntil || (route.BotAuth && now < _globalBlockedUntil))
            {
                Interlocked.Increment(ref _earlyRetries);
            }

            if (now >= bucket.WindowStart + bucket.Window)
            {
                bucket.WindowStart = now;
                bucket.Used = 0;
            }

            var reset = bucket.WindowStart + bucket.Window;
            if (route.BotAuth && _scripted429.TryDequeue(out var scripted))
            {
                var retry = TimeSpan.FromSeconds(scripted.RetryAfter);
                if (scripted.Scope == "global")
                {
                    _globalBlockedUntil = Max(_globalBlockedUntil, now + retry);
                }
                else
                {
                    WriteBucketHeaders(headers, bucket, bucket.Limit - bucket.Used, now + retry, now);
                    bucket.BlockedUntil = Max(bucket.BlockedUntil, now + retry);
                }

                return TooMany(headers, scripted.Scope, scripted.RetryAfter);
            }

            if (bucket.Used >= bucket.Limit)
            {
                WriteBucketHeaders(headers, bucket, 0, reset, now);
                bucket.BlockedUntil = reset;
                return TooMany(headers, "user", Math.Max((reset - now).TotalSeconds, 0.001));
            }

            bucket.Used++;
            int remaining = bucket.Limit - bucket.Used;
            if (remaining == 0)
            {
                bucket.BlockedUntil = reset;
            }

            WriteBucketHeaders(headers, bucket, remaining, reset, now);
            return null;
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static void WriteBucketHeaders(IHeaderDictionary headers, Bucket bucket, int remaining, DateTimeOffset reset, DateTimeOffset now)
    {
        headers["X-RateLimit-Limit"] = bucket.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = (reset.ToUnixTimeMilliseconds() / 1000.0).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset-After"] = Math.Max((reset - now).TotalSeconds, 0).ToString("0.000", CultureInfo.InvariantCulture);
        headers["X-RateLimit-Bucket"] = bucket.Hash;
    }

    private Reply TooMany(IHeaderDictionary headers, string scope, double retryAfter)
    {
        Interlocked.Increment(ref _rateLimited);
        bool global = scope == "global";
        headers.RetryAfter = Math.Ceiling(retryAfter).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Scope"] = scope;
        if (global)
        {
            headers["X-RateLimit-Global"] = "true";
        }

        return new Reply(429, new JsonObject
        {
            ["message"] = scope == "shared" ? "The resource is being rate limited." : "You are being rate limited.",
            ["retry_after"] = Math.Round(retryAfter, 3),
            ["global"] = global,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _deliveryClient.Dispose();
        _signingKey.Dispose();
    }
}
