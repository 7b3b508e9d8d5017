using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace PolicyBot.Adapters.Discord.Api;

/// <summary>
/// The outcome of a REST call: Discord's answer, never an exception for an expected failure. <see cref="Code"/>
/// is Discord's JSON error code (50035 invalid form body, 10062 unknown interaction, 50001 missing access …).
/// </summary>
public sealed record DiscordApiResult(HttpStatusCode Status, JsonNode? Body)
{
    public bool Ok => (int)Status is >= 200 and < 300;

    public int? Code => Body is JsonObject o && o["code"] is JsonValue v && v.TryGetValue(out int code) ? code : null;

    public string? Message => Body is JsonObject o && o["message"] is JsonValue v && v.TryGetValue(out string? message) ? message : null;

    /// <summary>The id of the message a create or edit returned.</summary>
    public string? MessageId => Body is JsonObject o && o["id"] is JsonValue v && v.TryGetValue(out string? id) ? id : null;

    /// <summary>No answer at all (timeouts, refused connections), after the retries.</summary>
    public static DiscordApiResult Unreachable(string why) => new(0, new JsonObject { ["message"] = why });

    public override string ToString() => Ok ? $"{(int)Status}" : $"{(int)Status} {Code} {Message}";
}

/// <summary>
/// A Discord REST client speaking the HTTP API directly: <c>Authorization: Bot …</c> on bot routes (never on the
/// interaction webhooks, whose token is in the URL), the <c>DiscordBot (url, version)</c> user agent, JSON bodies.
/// <para>Rate limits are read, not guessed: each route and top-level resource (channel, webhook, application) has a
/// bucket whose remaining count and reset come from the <c>X-RateLimit-*</c> headers; a request waits while its bucket
/// is spent, requests on one bucket go one at a time, and a 429 is waited out for its <c>retry_after</c> — for every
/// bot request when Discord says the limit is global. 5xx answers, timeouts and refused connections are retried with
/// exponential backoff; creating a message carries a nonce with <c>enforce_nonce</c>, so a retry after a lost
/// answer never posts twice.</para>
/// </summary>
public sealed class DiscordRestClient
{
    public const string UserAgent = "DiscordBot (https://github.com/policybot/policybot, 1.0)";
    private const int MaxAttempts = 6;
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(5);

    // Discord rounds reset times to milliseconds and timers are not exact: waiting a little longer than told keeps
    // a request from arriving a hair early, which Discord counts as an invalid request.
    private static readonly TimeSpan SafetyMargin = TimeSpan.FromMilliseconds(50);

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly string _token;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, RouteBucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _bucketOfRoute = new(StringComparer.Ordinal);
    private long _globalResumeTicks;
    private int _rateLimitWaits;

    public DiscordRestClient(HttpClient http, Uri baseUrl, string botToken, TimeProvider time, ILogger logger)
    {
        _http = http;
        _baseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _token = botToken;
        _time = time;
        _logger = logger;
    }

    /// <summary>The pause before the first retry after a 5xx or a timeout; it doubles on each further attempt.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many times a 429 or a spent bucket made the client wait (for metrics and tests).</summary>
    public int RateLimitWaits => Volatile.Read(ref _rateLimitWaits);

    /// <summary><c>POST /channels/{id}/messages</c>, replying to <paramref name="replyTo"/> when given; idempotent through <paramref name="nonce"/>.</summary>
    public Task<DiscordApiResult> CreateMessageAsync(string channelId, JsonObject message, string? replyTo, string nonce, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var body = (JsonObject)message.DeepClone();
        body["nonce"] = nonce;
        body["enforce_nonce"] = true;
        if (replyTo is not null)
        {
            body["message_reference"] = new JsonObject { ["message_id"] = replyTo, ["channel_id"] = channelId, ["fail_if_not_exists"] = false };
        }

        return SendAsync(HttpMethod.Post, $"channels/{Uri.EscapeDataString(channelId)}/messages", "channels/{id}/messages", channelId, body, botAuth: true, ct);
    }

    /// <summary>Bulk-overwrites the application's commands, in one guild when <paramref name="guildId"/> is set, else globally.</summary>
    public Task<DiscordApiResult> OverwriteCommandsAsync(string applicationId, string? guildId, JsonArray commands, CancellationToken ct)
    {
        string path = guildId is null
            ? $"applications/{Uri.EscapeDataString(applicationId)}/commands"
            : $"applications/{Uri.EscapeDataString(applicationId)}/guilds/{Uri.EscapeDataString(guildId)}/commands";
        return SendAsync(HttpMethod.Put, path, guildId is null ? "applications/{id}/commands" : "applications/{id}/guilds/{guild}/commands", applicationId, commands, botAuth: true, ct);
    }

    /// <summary>The Gateway URL from <c>GET /gateway/bot</c>, or null when Discord would not say.</summary>
    public async Task<Uri?> GetGatewayUrlAsync(CancellationToken ct)
    {
        var result = await SendAsync(HttpMethod.Get, "gateway/bot", "gateway/bot", "", null, botAuth: true, ct);
        if (result.Ok && result.Body?["url"] is JsonValue url && url.TryGetValue(out string? text) && Uri.TryCreate(text, UriKind.Absolute, out var uri))
        {
            return uri;
        }

        _logger.LogError("GET /gateway/bot failed: {Result}", result);
        return null;
    }

    /// <summary>The initial response to an interaction sent through the callback route (the HTTP request was answered 202).</summary>
    public Task<DiscordApiResult> CreateInteractionResponseAsync(string interactionId, string token, JsonObject response, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"interactions/{Uri.EscapeDataString(interactionId)}/{Uri.EscapeDataString(token)}/callback", "interactions/{id}/{token}/callback", interactionId, response, botAuth: false, ct);

    /// <summary>Edits the original response (the deferred "thinking…" message) through the interaction webhook.</summary>
    public Task<DiscordApiResult> EditOriginalResponseAsync(string applicationId, string token, JsonObject message, CancellationToken ct) =>
        SendAsync(HttpMethod.Patch, $"webhooks/{Uri.EscapeDataString(applicationId)}/{Uri.EscapeDataString(token)}/messages/@original", "webhooks/{id}/{token}/messages/@original", applicationId + "/" + token, message, botAuth: false, ct);

    /// <summary>Deletes the original response (used when a deferred public reply turns out to be an error, which is shown privately instead).</summary>
    public Task<DiscordApiResult> DeleteOriginalResponseAsync(string applicationId, string token, CancellationToken ct) =>
        SendAsync(HttpMethod.Delete, $"webhooks/{Uri.EscapeDataString(applicationId)}/{Uri.EscapeDataString(token)}/messages/@original", "webhooks/{id}/{token}/messages/@original", applicationId + "/" + token, null, botAuth: false, ct);

    /// <summary>A follow-up message through the interaction webhook (valid for 15 minutes after the interaction).</summary>
    public Task<DiscordApiResult> CreateFollowupAsync(string applicationId, string token, JsonObject message, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"webhooks/{Uri.EscapeDataString(applicationId)}/{Uri.EscapeDataString(token)}", "webhooks/{id}/{token}", applicationId + "/" + token, message, botAuth: false, ct);

    /// <summary>
    /// One call with rate limits and retries. <paramref name="route"/> is the route template and
    /// <paramref name="majorParameter"/> its top-level resource: together they name the bucket until Discord
    /// tells its id.
    /// </summary>
    public async Task<DiscordApiResult> SendAsync(HttpMethod method, string path, string route, string majorParameter, JsonNode? body, bool botAuth, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(method);
        string routeKey = method.Method + " " + route + " " + majorParameter;
        string? lastProblem = null;
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var bucket = BucketFor(routeKey, majorParameter);
            await bucket.Gate.WaitAsync(ct);
            HttpResponseMessage? response = null;
            try
            {
                await WaitForBucketAsync(bucket, botAuth, ct);
                using var request = BuildRequest(method, path, body, botAuth);
                try
                {
                    response = await _http.SendAsync(request, ct);
                }
                catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested))
                {
                    lastProblem = ex is TaskCanceledException ? "timed out" : ex.Message;
                    _logger.LogWarning("Discord {Method} {Route} failed ({Problem}); attempt {Attempt} of {Max}", method, route, lastProblem, attempt, MaxAttempts);
                    await DelayAsync(Backoff(attempt), ct);
                    continue;
                }

                UpdateBucket(routeKey, majorParameter, bucket, response.Headers);
                var json = await ReadJsonAsync(response, ct);
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    await WaitOutRateLimitAsync(response, json, route, bucket, ct);
                    continue;
                }

                if ((int)response.StatusCode >= 500)
                {
                    lastProblem = $"HTTP {(int)response.StatusCode}";
                    _logger.LogWarning("Discord {Method} {Route} answered {Status}; attempt {Attempt} of {Max}", method, route, (int)response.StatusCode, attempt, MaxAttempts);
                    await DelayAsync(Backoff(attempt), ct);
                    continue;
                }

                return new DiscordApiResult(response.StatusCode, json);
            }
            finally
            {
                response?.Dispose();
                bucket.Gate.Release();
            }
        }

        return DiscordApiResult.Unreachable($"gave up after {MaxAttempts} attempts: {lastProblem ?? "rate limited"}");
    }

    private HttpRequestMessage BuildRequest(HttpMethod method, string path, JsonNode? body, bool botAuth)
    {
        var request = new HttpRequestMessage(method, new Uri(_baseUrl, path));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        if (botAuth)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bot", _token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        return request;
    }

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken ct)
    {
        string text = await response.Content.ReadAsStringAsync(ct);
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return new JsonObject { ["message"] = text.Length > 200 ? text[..200] : text };
        }
    }

    private RouteBucket BucketFor(string routeKey, string majorParameter)
    {
        string key = _bucketOfRoute.TryGetValue(routeKey, out string? hash) ? hash + " " + majorParameter : routeKey;
        return _buckets.GetOrAdd(key, _ => new RouteBucket());
    }

    /// <summary>Waits while the bucket is spent, or while a global 429 lasts (bot routes only: the interaction webhooks are exempt).</summary>
    private async Task WaitForBucketAsync(RouteBucket bucket, bool botAuth, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var wait = TimeSpan.Zero;
        if (bucket.Remaining == 0 && bucket.ResetAt > now)
        {
            wait = bucket.ResetAt - now;
        }

        if (botAuth)
        {
            var global = new DateTimeOffset(Interlocked.Read(ref _globalResumeTicks), TimeSpan.Zero);
            if (global > now + wait)
            {
                wait = global - now;
            }
        }

        if (wait > TimeSpan.Zero)
        {
            Interlocked.Increment(ref _rateLimitWaits);
            await DelayAsync(wait < MaxWait ? wait : MaxWait, ct);
        }
    }

    private void UpdateBucket(string routeKey, string majorParameter, RouteBucket bucket, HttpResponseHeaders headers)
    {
        if (Header(headers, "X-RateLimit-Bucket") is { Length: > 0 } hash && _bucketOfRoute.TryAdd(routeKey, hash))
        {
            // From now on this route shares the bucket Discord named; carry over what we know.
            _buckets.TryAdd(hash + " " + majorParameter, bucket);
        }

        if (Header(headers, "X-RateLimit-Remaining") is { } remaining && int.TryParse(remaining, NumberStyles.Integer, CultureInfo.InvariantCulture, out int left))
        {
            bucket.Remaining = left;
        }

        // Reset-After is relative, so it does not depend on our clock agreeing with Discord's.
        if (Seconds(Header(headers, "X-RateLimit-Reset-After")) is { } after)
        {
            bucket.ResetAt = _time.GetUtcNow() + after + SafetyMargin;
        }
    }

    private async Task WaitOutRateLimitAsync(HttpResponseMessage response, JsonNode? json, string route, RouteBucket bucket, CancellationToken ct)
    {
        var retryAfter = json?["retry_after"] is JsonValue v && v.TryGetValue(out double seconds) ? TimeSpan.FromSeconds(seconds)
            : Seconds(Header(response.Headers, "Retry-After")) ?? TimeSpan.FromSeconds(1);
        bool global = string.Equals(Header(response.Headers, "X-RateLimit-Global"), "true", StringComparison.OrdinalIgnoreCase)
            || (json?["global"] is JsonValue g && g.TryGetValue(out bool isGlobal) && isGlobal);
        string scope = Header(response.Headers, "X-RateLimit-Scope") ?? (global ? "global" : "user");
        retryAfter += SafetyMargin;
        var until = _time.GetUtcNow() + retryAfter;
        if (global)
        {
            Interlocked.Exchange(ref _globalResumeTicks, until.UtcTicks);
        }

        bucket.Remaining = 0;
        if (until > bucket.ResetAt)
        {
            bucket.ResetAt = until;
        }

        _logger.LogWarning("Discord rate limit ({Scope}) on {Route}: waiting {Seconds:0.###} s", scope, route, retryAfter.TotalSeconds);
        Interlocked.Increment(ref _rateLimitWaits);
        await DelayAsync(retryAfter < MaxWait ? retryAfter : MaxWait, ct);
    }

    // FirstBackoff, doubling, as the fixed half of each step; the jitter adds up to as much again.
    private TimeSpan Backoff(int attempt) => PolicyBot.Core.Retry.Backoff.Delay(attempt, FirstBackoff * 2, MaxWait, Random.Shared);

    private Task DelayAsync(TimeSpan delay, CancellationToken ct) => delay > TimeSpan.Zero ? Task.Delay(delay, _time, ct) : Task.CompletedTask;

    private static string? Header(HttpResponseHeaders headers, string name) => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static TimeSpan? Seconds(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>What the headers said about one bucket; requests on it take turns through <see cref="Gate"/>.</summary>
    private sealed class RouteBucket
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int? Remaining { get; set; }

        public DateTimeOffset ResetAt { get; set; }
    }
}
