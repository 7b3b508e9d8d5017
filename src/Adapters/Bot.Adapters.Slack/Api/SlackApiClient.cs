using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace PolicyBot.Adapters.Slack.Api;

/// <summary>The outcome of a Web API call: Slack's answer (ok or its error code), never an exception for an expected failure.</summary>
public sealed record SlackApiResult(bool Ok, string? Error, JsonObject? Body)
{
    public string? Ts => Body?["ts"]?.GetValue<string>();

    public static SlackApiResult Failed(string error) => new(false, error, null);
}

/// <summary>What <c>auth.test</c> says about the bot: its own user and bot ids, so it never answers itself.</summary>
public sealed record SlackIdentity(string UserId, string? BotId, string TeamId);

/// <summary>
/// A thin Slack Web API client: bearer token in the header, JSON bodies with an explicit charset,
/// <c>ok:false</c> returned as a value, HTTP 429 waited out for <c>Retry-After</c> seconds, 5xx and
/// timeouts retried with backoff, and about one message a second per channel, as Slack asks.
/// </summary>
public sealed class SlackApiClient
{
    private const int MaxAttempts = 5;
    private static readonly TimeSpan PerChannelInterval = TimeSpan.FromSeconds(1);

    private readonly HttpClient _http;
    private readonly Uri _baseUrl;
    private readonly string _token;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, DateTimeOffset> _nextSlot = new(StringComparer.Ordinal);

    public SlackApiClient(HttpClient http, Uri baseUrl, string botToken, TimeProvider time, ILogger logger)
    {
        _http = http;
        _baseUrl = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _token = botToken;
        _time = time;
        _logger = logger;
    }

    /// <summary>How many times a 429 made the client wait (for metrics and tests).</summary>
    public int RateLimitWaits { get; private set; }

    public async Task<SlackIdentity?> AuthTestAsync(CancellationToken ct)
    {
        var result = await CallAsync("auth.test", new JsonObject(), ct);
        if (!result.Ok || result.Body is null)
        {
            _logger.LogError("Slack auth.test failed: {Error}", result.Error);
            return null;
        }

        return new SlackIdentity(
            result.Body["user_id"]?.GetValue<string>() ?? "",
            result.Body["bot_id"]?.GetValue<string>(),
            result.Body["team_id"]?.GetValue<string>() ?? "");
    }

    /// <summary>chat.postMessage with the plain-text fallback always set; paced per channel.</summary>
    /// <param name="retryWhenUnsure">
    /// False for posts that must never be doubled (alerts): a lost answer or a 5xx, after which Slack may or may not
    /// have posted, is returned as <c>request_failed</c> for the caller to check and decide, not blindly repeated.
    /// A 429 is still waited out and retried: Slack posted nothing.
    /// </param>
    public async Task<SlackApiResult> PostMessageAsync(string channel, string text, JsonArray? blocks, string? threadTs, CancellationToken ct, JsonObject? metadata = null, bool retryWhenUnsure = true)
    {
        var body = new JsonObject
        {
            ["channel"] = channel,
            ["text"] = text,
            ["unfurl_links"] = false,
            ["unfurl_media"] = false,
        };
        if (blocks is not null)
        {
            body["blocks"] = blocks.DeepClone();
        }

        if (threadTs is not null)
        {
            body["thread_ts"] = threadTs;
        }

        if (metadata is not null)
        {
            body["metadata"] = metadata.DeepClone();
        }

        await WaitForChannelSlotAsync(channel, ct);
        return await SendAsync(new Uri(_baseUrl, "chat.postMessage"), body, _token, ct, retryWhenUnsure);
    }

    /// <summary>Calls a Web API method with a JSON body, retrying what Slack says to retry.</summary>
    public Task<SlackApiResult> CallAsync(string method, JsonObject body, CancellationToken ct) =>
        SendAsync(new Uri(_baseUrl, method), body, _token, ct);

    /// <summary>Calls a method with another token (apps.connections.open takes the app-level xapp- token).</summary>
    public Task<SlackApiResult> CallAsync(string method, JsonObject body, string token, CancellationToken ct) =>
        SendAsync(new Uri(_baseUrl, method), body, token, ct);

    /// <summary>
    /// Answers a slash command or button later through its <c>response_url</c> (no token: the URL is
    /// the credential; Slack allows 5 uses within 30 minutes). Plain "ok" or JSON replies both count.
    /// </summary>
    public Task<SlackApiResult> PostToResponseUrlAsync(Uri responseUrl, JsonObject body, CancellationToken ct) =>
        SendAsync(responseUrl, body, token: null, ct);

    private async Task<SlackApiResult> SendAsync(Uri url, JsonObject body, string? token, CancellationToken ct, bool retryWhenUnsure = true)
    {
        bool authorize = token is not null;
        string method = url.AbsolutePath;
        string json = body.ToJsonString();
        for (int attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            if (authorize)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, ct);
            }
            catch (Exception ex) when (!retryWhenUnsure && (ex is HttpRequestException || (ex is TaskCanceledException && !ct.IsCancellationRequested)))
            {
                _logger.LogWarning("Slack {Method} failed ({Reason}); not repeated, since it may have been posted.", method, ex.Message);
                return SlackApiResult.Failed("request_failed");
            }
            catch (HttpRequestException ex) when (attempt < MaxAttempts)
            {
                _logger.LogWarning("Slack {Method} failed ({Reason}); retrying (attempt {Attempt}).", method, ex.Message, attempt);
                await DelayAsync(Backoff(attempt), ct);
                continue;
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested && attempt < MaxAttempts)
            {
                _logger.LogWarning("Slack {Method} timed out; retrying (attempt {Attempt}).", method, attempt);
                await DelayAsync(Backoff(attempt), ct);
                continue;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxAttempts)
                {
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                    RateLimitWaits++;
                    _logger.LogWarning("Slack rate-limited {Method}; waiting {Seconds} s as Retry-After asks.", method, wait.TotalSeconds);
                    await DelayAsync(wait, ct);
                    continue;
                }

                if ((int)response.StatusCode >= 500 && !retryWhenUnsure)
                {
                    return SlackApiResult.Failed($"http_{(int)response.StatusCode}");
                }

                if ((int)response.StatusCode >= 500 && attempt < MaxAttempts)
                {
                    _logger.LogWarning("Slack {Method} answered {Status}; retrying (attempt {Attempt}).", method, (int)response.StatusCode, attempt);
                    await DelayAsync(Backoff(attempt), ct);
                    continue;
                }

                if (!response.IsSuccessStatusCode)
                {
                    return SlackApiResult.Failed($"http_{(int)response.StatusCode}");
                }

                string text = await response.Content.ReadAsStringAsync(ct);
                if (!authorize && !text.TrimStart().StartsWith('{'))
                {
                    return new SlackApiResult(true, null, null); // response_url answers a plain "ok".
                }

                try
                {
                    var parsed = JsonNode.Parse(text) as JsonObject;
                    bool ok = parsed?["ok"]?.GetValue<bool>() ?? false;
                    return new SlackApiResult(ok, ok ? null : parsed?["error"]?.GetValue<string>() ?? "unknown_error", parsed);
                }
                catch (JsonException)
                {
                    return SlackApiResult.Failed("invalid_response");
                }
            }
        }
    }

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    // 250 ms, 500 ms, 1 s … before as the fixed halves: jitter adds up to as much again.
    private static TimeSpan Backoff(int attempt) => PolicyBot.Core.Retry.Backoff.Delay(attempt, FirstBackoff, MaxBackoff, Random.Shared);

    private Task DelayAsync(TimeSpan delay, CancellationToken ct) => Task.Delay(delay, _time, ct);

    private async Task WaitForChannelSlotAsync(string channel, CancellationToken ct)
    {
        TimeSpan wait;
        lock (_nextSlot)
        {
            var now = _time.GetUtcNow();
            var slot = _nextSlot.TryGetValue(channel, out var next) && next > now ? next : now;
            _nextSlot[channel] = slot + PerChannelInterval;
            wait = slot - now;
        }

        if (wait > TimeSpan.Zero)
        {
            await DelayAsync(wait, ct);
        }
    }
}
