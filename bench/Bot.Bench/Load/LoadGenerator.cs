using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PolicyBot.TestKit.FakeDiscord;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Bench.Load;

/// <summary>What one HTTP delivery was: a Slack event, its retry, or a Discord interaction.</summary>
internal enum DeliveryKind
{
    Slack,
    SlackRetry,
    Discord,
}

/// <summary>One delivery of the schedule: when (from the start of the run), what, which event and which replica.</summary>
internal readonly record struct ScheduledDelivery(TimeSpan At, DeliveryKind Kind, int Event, int Replica);

/// <summary>
/// How a delivery went: the HTTP status (0 = no answer within the timeout, -1 = connection refused or reset), the time
/// to acknowledge from its scheduled send time, and how late the generator fired it.
/// </summary>
internal readonly record struct DeliveryOutcome(DeliveryKind Kind, int Status, double AckMs, double LagMs, long DoneTimestamp)
{
    public bool Acknowledged => Status is >= 200 and < 300;
}

/// <summary>Everything one run sent, for the tally once the replicas have drained.</summary>
internal sealed record LoadRunRecord(
    int Rate,
    IReadOnlyList<ScheduledDelivery> Schedule,
    DeliveryOutcome[] Outcomes,
    IReadOnlyList<string> SlackThreads,
    FakeInteraction?[] Interactions,
    long StartTimestamp,
    long LastSendTimestamp);

/// <summary>
/// The open-loop generator: deliveries leave at their scheduled times whether or not earlier ones were answered. Events
/// alternate Slack <c>app_mention</c> deliveries (signed with the signing secret) and Discord <c>/ask</c> interactions
/// (signed by the fake Discord), round-robin over the replicas; every Slack event is delivered a second time
/// <see cref="RetryDelay"/> later, to the next replica, with <c>X-Slack-Retry-Num: 1</c>. Slack events take the channels
/// in turn: the bot posts about one message a second per channel (as Slack asks), so one channel would measure that pacing.
/// </summary>
internal sealed class LoadGenerator(FakeDiscordApi discord, FakeSlackWebApi slack, IReadOnlyList<Uri> replicas, IReadOnlyList<string> questions, IReadOnlyList<string> channels) : IDisposable
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan DeliveryTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30) }) { Timeout = Timeout.InfiniteTimeSpan };
    private readonly Lock _interactionsUrl = new();
    // Across all generators of the process: thread_ts and event ids must never repeat between runs, as the fake Slack keeps every post.
    private static int s_runs;

    public async Task<LoadRunRecord> RunAsync(int rate, int seconds, CancellationToken ct)
    {
        int run = Interlocked.Increment(ref s_runs);
        int events = rate * seconds;
        var schedule = Schedule(rate, events, replicas.Count);
        var outcomes = new DeliveryOutcome[schedule.Count];
        int slackEvents = (events + 1) / 2;
        // Unique per run and per event: the bot answers in the thread of the mention, so its posts are counted by thread_ts.
        var threads = Enumerable.Range(0, slackEvents).Select(i => FormattableString.Invariant($"{1_800_000_000 + (run * 1000)}.{i:D6}")).ToList();
        var bodies = threads.Select((ts, i) => SlackBody(run, i, ts, questions[(2 * i) % questions.Count])).ToList();
        var interactions = new FakeInteraction?[events / 2];

        var tasks = new List<Task>(schedule.Count);
        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < schedule.Count; i++)
        {
            var item = schedule[i];
            var wait = item.At - Stopwatch.GetElapsedTime(start);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, ct);
            }

            int slot = i;
            tasks.Add(Task.Run(
                async () => outcomes[slot] = item.Kind == DeliveryKind.Discord
                    ? await SendDiscordAsync(item, start, interactions, ct)
                    : await SendSlackAsync(item, start, bodies[item.Event], ct),
                ct));
        }

        long lastSend = Stopwatch.GetTimestamp();
        await Task.WhenAll(tasks);
        return new LoadRunRecord(rate, schedule, outcomes, threads, interactions, start, lastSend);
    }

    /// <summary>Event k at k / rate seconds: even k a Slack event (and its retry), odd k a Discord interaction.</summary>
    private static List<ScheduledDelivery> Schedule(int rate, int events, int replicaCount)
    {
        var schedule = new List<ScheduledDelivery>(events * 3 / 2);
        for (int k = 0; k < events; k++)
        {
            var at = TimeSpan.FromSeconds((double)k / rate);
            int index = k / 2;
            if (k % 2 == 0)
            {
                schedule.Add(new ScheduledDelivery(at, DeliveryKind.Slack, index, index % replicaCount));
                schedule.Add(new ScheduledDelivery(at + RetryDelay, DeliveryKind.SlackRetry, index, (index + 1) % replicaCount));
            }
            else
            {
                schedule.Add(new ScheduledDelivery(at, DeliveryKind.Discord, index, index % replicaCount));
            }
        }

        return schedule.OrderBy(s => s.At).ToList();
    }

    private byte[] SlackBody(int run, int index, string ts, string question)
    {
        var envelope = new JsonObject
        {
            ["token"] = "x",
            ["team_id"] = "T0000FAKE",
            ["api_app_id"] = "A0000BOT",
            ["type"] = "event_callback",
            ["event_id"] = FormattableString.Invariant($"EvLoad{run}x{index}"),
            ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["event"] = new JsonObject
            {
                ["type"] = "app_mention",
                ["user"] = FormattableString.Invariant($"U0LOAD{index % 50:D4}"),
                ["text"] = $"<@{slack.BotUserId}> {question}",
                ["ts"] = ts,
                ["channel"] = channels[index % channels.Count],
                ["event_ts"] = ts,
            },
        };
        return Encoding.UTF8.GetBytes(envelope.ToJsonString());
    }

    private async Task<DeliveryOutcome> SendSlackAsync(ScheduledDelivery item, long start, byte[] body, CancellationToken ct)
    {
        double lag = Lag(item, start);
        long ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(replicas[item.Replica], "/slack/events")) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Slack-Request-Timestamp", ts.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("X-Slack-Signature", FakeSlackWebApi.Sign(FleetSettings.SigningSecret, ts, body));
        if (item.Kind == DeliveryKind.SlackRetry)
        {
            request.Headers.Add("X-Slack-Retry-Num", "1");
            request.Headers.Add("X-Slack-Retry-Reason", "http_timeout");
        }

        int status;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(DeliveryTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token);
            _ = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            status = (int)response.StatusCode;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            status = 0;
        }
        catch (HttpRequestException)
        {
            status = -1;
        }

        return Done(item, start, status, lag);
    }

    private async Task<DeliveryOutcome> SendDiscordAsync(ScheduledDelivery item, long start, FakeInteraction?[] interactions, CancellationToken ct)
    {
        double lag = Lag(item, start);
        var payload = FakeDiscordApi.SlashCommand("ask", new Dictionary<string, object?> { ["question"] = questions[((2 * item.Event) + 1) % questions.Count] });
        Task<FakeInteractionDelivery> delivering;
        // DeliverAsync posts to the fake's one InteractionsUrl, which it reads before its first await: setting it and
        // starting the delivery under one lock sends each interaction to the replica chosen for it.
        lock (_interactionsUrl)
        {
            discord.InteractionsUrl = new Uri(replicas[item.Replica], "/discord/interactions");
            delivering = discord.DeliverAsync(payload, ct);
        }

        int status;
        try
        {
            var delivery = await delivering;
            interactions[item.Event] = delivery.Interaction;
            status = delivery.Status;
        }
        catch (HttpRequestException)
        {
            status = -1;
        }

        return Done(item, start, status, lag);
    }

    private static double Lag(ScheduledDelivery item, long start) => Math.Max(0, (Stopwatch.GetElapsedTime(start) - item.At).TotalMilliseconds);

    private static DeliveryOutcome Done(ScheduledDelivery item, long start, int status, double lag)
    {
        long now = Stopwatch.GetTimestamp();
        double ack = (Stopwatch.GetElapsedTime(start, now) - item.At).TotalMilliseconds;
        return new DeliveryOutcome(item.Kind, status, ack, lag, now);
    }

    public void Dispose() => _http.Dispose();
}
