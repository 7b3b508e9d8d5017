using System.Globalization;
using System.Text;
using PolicyBot.Bench.Data;
using PolicyBot.Bench.Infrastructure;
using PolicyBot.TestKit.FakeDiscord;
using PolicyBot.TestKit.FakeSlack;

namespace PolicyBot.Bench.Load;

/// <summary>
/// The <c>load</c> command: one fake Slack and one fake Discord, then for each replica count N a fleet of N in-process
/// <c>policybot serve</c> replicas on one article folder and one store, driven by the open-loop generator at each rate;
/// after each run the replicas drain and every event is checked to have been answered exactly once.
/// </summary>
internal sealed class LoadBenchmark(BenchOptions options, BenchPaths paths)
{
    private const int WarmUpRate = 20;
    private const int WarmUpSeconds = 2;

    /// <summary>How long after the last delivery the replicas get to post every answer.</summary>
    private static readonly TimeSpan DrainDeadline = TimeSpan.FromSeconds(60);

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var questions = SeedQuestion.Load(paths.Eval(BenchPaths.SeedEvalFile)).Select(q => q.Question).Where(q => q.Length > 0).ToList();
        if (questions.Count == 0)
        {
            throw new InvalidDataException("The seed question file has no questions.");
        }

        using var temp = new TempFolder("load", options.Keep);
        string articles = temp.Sub("articles");
        foreach (string file in Directory.GetFiles(paths.SeedsDir))
        {
            File.Copy(file, Path.Combine(articles, Path.GetFileName(file)));
        }

        await using var slack = await FakeSlackWebApi.StartAsync(ct);
        slack.EnforceChannelRate = false;
        var channels = Enumerable.Range(1, options.Channels).Select(i => FormattableString.Invariant($"C0LOAD{i:D5}")).ToList();
        slack.KnownChannels.UnionWith(channels);
        await using var discord = await FakeDiscordApi.StartAsync(ct: ct);

        var results = new List<LoadResult>();
        string? exampleArgs = null;
        foreach (int count in options.Replicas)
        {
            var settings = new FleetSettings(articles, temp.Sub($"replicas-{count}"), options.Postgres, options.Semantic);
            exampleArgs ??= string.Join(' ', LoadFleet.ServeArguments(1, 0, settings, slack, discord).Select(a => a.Contains(' ', StringComparison.Ordinal) ? $"\"{a}\"" : a));
            Report.Progress($"starting {count} replica(s)");
            await using var fleet = await LoadFleet.StartAsync(count, settings, slack, discord, ct);
            using var generator = new LoadGenerator(discord, slack, fleet.Urls, questions, channels);

            Report.Progress($"{count} replica(s): warm-up at {WarmUpRate}/s for {WarmUpSeconds} s");
            var warmUp = await generator.RunAsync(WarmUpRate, WarmUpSeconds, ct);
            _ = await LoadTally.DrainAsync(count, warmUp, slack, DrainDeadline, ct);

            foreach (int rate in options.Rates)
            {
                Report.Progress($"{count} replica(s): {rate} events/s for {options.Seconds} s");
                var run = await generator.RunAsync(rate, options.Seconds, ct);
                var result = await LoadTally.DrainAsync(count, run, slack, DrainDeadline, ct);
                results.Add(result);
                Report.Progress($"  acks/s {result.AcksPerSecond:0.0}, ack p99 {result.All.P99:0.0} ms, answers {result.Answers}, duplicates {result.Duplicates}, missing {result.Missing}");
            }
        }

        string report = Render(results, questions.Count, exampleArgs ?? "");
        Console.Write(report);
        if (options.Out is { } path)
        {
            string full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            await File.WriteAllTextAsync(full, report, ct);
            Report.Progress($"report written to {full}");
        }

        return results.All(r => r.Duplicates == 0 && r.Missing == 0) ? 0 : 1;
    }

    private string Render(List<LoadResult> results, int questionCount, string exampleArgs)
    {
        var sb = new StringBuilder();
        string args = string.Join(' ', options.Arguments.Select(a => a.Length > 0 && !a.Any(char.IsWhiteSpace) ? a : $"\"{a}\""));
        sb.Append(CultureInfo.InvariantCulture, $"$ dotnet run -c Release --project bench/Bot.Bench -- {args}\n");
        sb.Append(CultureInfo.InvariantCulture, $"# {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"store: {(options.Postgres is null ? "SQLite, one fleet.db shared by the replicas" : "PostgreSQL")}; answers: {(options.Semantic ? "words + meaning" : "words only")}; ");
        sb.Append(CultureInfo.InvariantCulture, $"{options.Seconds} s per rate; events alternate Slack app_mention and Discord /ask ({questionCount} seed questions in turn); ");
        sb.Append(CultureInfo.InvariantCulture, $"Slack mentions spread over {options.Channels} channel(s) in turn; every Slack event is delivered again {LoadGenerator.RetryDelay.TotalMilliseconds:0} ms later to the next replica with X-Slack-Retry-Num: 1.\n");
        sb.Append(CultureInfo.InvariantCulture, $"replica r1: policybot {exampleArgs.Replace("--Http:Urls=http://127.0.0.1:0", "--Http:Urls=http://127.0.0.1:PORT", StringComparison.Ordinal)}\n");

        sb.Append("\n## Load: acknowledgements and answers\n\n");
        var main = new TextTable("replicas", "rate (events/s)", "events", "deliveries", "acks/s", "ack p50 ms", "ack p99 ms", "ack max ms", "non-2xx", "answers", "duplicates", "missing", "drained after s");
        foreach (var r in results)
        {
            main.Add(r.Replicas, r.Rate, r.Events, r.Deliveries, F(r.AcksPerSecond, 1), F(r.All.P50, 1), F(r.All.P99, 1), F(r.All.Max, 1), r.Non2xx, r.Answers, r.Duplicates, r.Missing,
                r.DrainSeconds is { } d ? F(d, 1) : "not in " + DrainDeadline.TotalSeconds.ToString("0", CultureInfo.InvariantCulture));
        }

        sb.Append(main);
        sb.Append("\n## Load: by platform\n\n");
        var platforms = new TextTable("replicas", "rate (events/s)", "Slack ack p50 / p99 / max ms", "Slack answers / duplicates / missing", "Discord ack p50 / p99 / max ms", "Discord inline / deferred", "Discord answers / duplicates / missing / errors", "generator lag max ms");
        foreach (var r in results)
        {
            platforms.Add(
                r.Replicas,
                r.Rate,
                $"{F(r.Slack.P50, 1)} / {F(r.Slack.P99, 1)} / {F(r.Slack.Max, 1)}",
                $"{r.SlackAnswers} / {r.SlackDuplicates} / {r.SlackMissing}",
                $"{F(r.Discord.P50, 1)} / {F(r.Discord.P99, 1)} / {F(r.Discord.Max, 1)}",
                $"{r.DiscordInline} / {r.DiscordDeferred}",
                $"{r.DiscordAnswers} / {r.DiscordDuplicates} / {r.DiscordMissing} / {r.DiscordErrors}",
                F(r.MaxLagMs, 1));
        }

        sb.Append(platforms);
        return sb.ToString();
    }

    private static string F(double value, int decimals) => double.IsNaN(value) ? "-" : Report.Fixed(value, decimals);
}
