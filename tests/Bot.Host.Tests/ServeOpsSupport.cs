using System.Text;
using PolicyBot.Adapters.Slack.Signing;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Host.Tests;

/// <summary>Signed Slack deliveries, scrapes and deadline waits for the operations tests (/metrics, /readyz, shutdown).</summary>
internal static class ServeOpsSupport
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    public static async Task<HttpResponseMessage> SignedPostAsync(HttpClient http, string route, string body, string secret, string? contentType = null)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        long ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(route, UriKind.Relative)) { Content = new ByteArrayContent(bytes) };
        if (contentType is not null)
        {
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        request.Headers.Add(SlackSignatureVerifier.TimestampHeader, ts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(SlackSignatureVerifier.SignatureHeader, SlackSignatureVerifier.Sign(secret, ts, bytes));
        return await http.SendAsync(request);
    }

    public static Task<HttpResponseMessage> MentionAsync(HttpClient http, string secret, string eventId, string question) =>
        SignedPostAsync(http, "/slack/events",
            $$$"""{"token":"x","team_id":"T0000FAKE","api_app_id":"A0000BOT","type":"event_callback","event_id":"{{{eventId}}}","event_time":1700000000,"event":{"type":"app_mention","user":"U0000ALICE","text":"<@UBOT00001> {{{question}}}","ts":"1700000100.000200","channel":"C0000GENERAL","event_ts":"1700000100.000200"}}""",
            secret);

    public static Task<HttpResponseMessage> SlashCommandAsync(HttpClient http, FakeSlackWebApi slack, string secret, string command, string text) =>
        SignedPostAsync(http, "/slack/commands",
            "token=x&team_id=T0000FAKE&team_domain=fake&channel_id=C0000GENERAL&channel_name=general&user_id=U0000ALICE&user_name=alice" +
            $"&command={Uri.EscapeDataString(command)}&text={Uri.EscapeDataString(text)}&api_app_id=A0000BOT" +
            $"&response_url={Uri.EscapeDataString(slack.NewResponseUrl().AbsoluteUri)}&trigger_id=1.2.3",
            secret, "application/x-www-form-urlencoded");

    /// <summary>Polls until <paramref name="condition"/> holds; throws with <paramref name="what"/> at the deadline.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("timed out waiting for " + what);
    }

    public static Task UntilAsync(Func<bool> condition, string what) => UntilAsync(() => Task.FromResult(condition()), what);

    public static async Task<string> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
