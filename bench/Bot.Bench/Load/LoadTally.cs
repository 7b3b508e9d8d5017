using System.Diagnostics;
using PolicyBot.TestKit.FakeDiscord;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Bench.Load;

/// <summary>Acknowledgement times of a set of deliveries, in milliseconds from their scheduled send time.</summary>
internal sealed record AckStats(int Count, double P50, double P99, double Max)
{
    public static AckStats Of(IEnumerable<DeliveryOutcome> outcomes)
    {
        // Deliveries the bot answered at all (any status); timeouts and refused connections have no ack time.
        var times = outcomes.Where(o => o.Status > 0).Select(o => o.AckMs).Order().ToArray();
        return times.Length == 0
            ? new AckStats(0, double.NaN, double.NaN, double.NaN)
            : new AckStats(times.Length, Percentile(times, 0.50), Percentile(times, 0.99), times[^1]);
    }

    /// <summary>Nearest rank: the smallest value with at least <paramref name="q"/> of the values at or below it.</summary>
    private static double Percentile(double[] sorted, double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

/// <summary>The figures of one (replicas, rate) run.</summary>
internal sealed record LoadResult(
    int Replicas,
    int Rate,
    int SlackEvents,
    int DiscordInteractions,
    int Deliveries,
    double AcksPerSecond,
    AckStats All,
    AckStats Slack,
    AckStats Discord,
    int Non2xx,
    int SlackAnswers,
    int DiscordAnswers,
    int SlackDuplicates,
    int DiscordDuplicates,
    int SlackMissing,
    int DiscordMissing,
    int DiscordInline,
    int DiscordDeferred,
    int DiscordErrors,
    double? DrainSeconds,
    double MaxLagMs)
{
    public int Events => SlackEvents + DiscordInteractions;

    public int Answers => SlackAnswers + DiscordAnswers;

    public int Duplicates => SlackDuplicates + DiscordDuplicates;

    public int Missing => SlackMissing + DiscordMissing;
}

/// <summary>
/// Waits until every event of a run is answered (or a deadline passes), then a little longer for late duplicates, and
/// counts: Slack posts per thread_ts (one per event), Discord initial responses (one per interaction) and their errors.
/// </summary>
internal static class LoadTally
{
    /// <summary>After the last event is answered, how long to keep listening for duplicates that are still on their way.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    public static async Task<LoadResult> DrainAsync(int replicas, LoadRunRecord run, FakeSlackWebApi slack, TimeSpan deadline, CancellationToken ct)
    {
        var threads = run.SlackThreads.ToHashSet(StringComparer.Ordinal);
        double? drained = null;
        var until = Stopwatch.GetTimestamp() + (long)(deadline.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var posts = PostsPerThread(slack, threads);
            if (posts.Count == threads.Count && run.Interactions.All(i => i is not null && Answered(i)))
            {
                drained = Stopwatch.GetElapsedTime(run.LastSendTimestamp).TotalSeconds;
                break;
            }

            await Task.Delay(100, ct);
        }

        await Task.Delay(Settle, ct);
        return Count(replicas, run, PostsPerThread(slack, threads), drained);
    }

    private static LoadResult Count(int replicas, LoadRunRecord run, Dictionary<string, int> posts, double? drained)
    {
        var outcomes = run.Outcomes;
        long lastAck = outcomes.Where(o => o.Acknowledged).Select(o => o.DoneTimestamp).DefaultIfEmpty(run.StartTimestamp).Max();
        double span = Stopwatch.GetElapsedTime(run.StartTimestamp, lastAck).TotalSeconds;
        int acks = outcomes.Count(o => o.Acknowledged);
        var interactions = run.Interactions;
        int Initial(string type) => interactions.Count(i => i?.InitialResponse?["type"]?.ToJsonString() == type);
        return new LoadResult(
            replicas,
            run.Rate,
            SlackEvents: run.SlackThreads.Count,
            DiscordInteractions: interactions.Length,
            Deliveries: outcomes.Length,
            AcksPerSecond: span > 0 ? acks / span : 0,
            All: AckStats.Of(outcomes),
            Slack: AckStats.Of(outcomes.Where(o => o.Kind != DeliveryKind.Discord)),
            Discord: AckStats.Of(outcomes.Where(o => o.Kind == DeliveryKind.Discord)),
            Non2xx: outcomes.Count(o => !o.Acknowledged),
            SlackAnswers: posts.Values.Sum(),
            DiscordAnswers: interactions.Count(i => i is not null && Answered(i)),
            SlackDuplicates: posts.Values.Sum(n => Math.Max(0, n - 1)),
            // A second initial response is refused by Discord with 40060 (already acknowledged).
            DiscordDuplicates: interactions.Count(i => i is not null && i.ErrorCodes.Contains(40060)),
            SlackMissing: run.SlackThreads.Count - posts.Count,
            DiscordMissing: interactions.Count(i => i is null || !Answered(i)),
            DiscordInline: Initial("4"),
            DiscordDeferred: Initial("5"),
            DiscordErrors: interactions.Count(i => i is not null && (i.InitialLate || i.ErrorCodes.Any(c => c != 40060))),
            DrainSeconds: drained,
            MaxLagMs: outcomes.Select(o => o.LagMs).DefaultIfEmpty(0).Max());
    }

    /// <summary>An interaction is answered when its initial response carried the reply, or a deferral was followed by the reply.</summary>
    private static bool Answered(FakeInteraction interaction) =>
        interaction.InitialResponse?["type"]?.ToJsonString() switch
        {
            "4" => true,
            "5" => interaction.Edits.Count > 0 || interaction.Followups.Count > 0,
            _ => false,
        };

    private static Dictionary<string, int> PostsPerThread(FakeSlackWebApi slack, HashSet<string> threads) =>
        slack.Posted
            .Where(p => p.ThreadTs is not null && threads.Contains(p.ThreadTs))
            .GroupBy(p => p.ThreadTs!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
