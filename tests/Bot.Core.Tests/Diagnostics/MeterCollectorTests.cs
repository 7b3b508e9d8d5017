using PolicyBot.Core.Conversation;
using PolicyBot.Core.Diagnostics;
using PolicyBot.TestKit;

namespace PolicyBot.Core.Tests.Diagnostics;

public class MeterCollectorTests
{
    private static MetricFamily Family(IReadOnlyList<MetricFamily> families, string name) => Assert.Single(families, f => f.Name == name);

    private static double Value(MetricFamily family, params string[] labels) =>
        Assert.Single(family.Points, p => p.Labels.Select(l => l.Key + "=" + l.Value).SequenceEqual(labels)).Value;

    [Fact]
    public void Collect_RecordedQuestions_CountsByPlatformAndOutcomeAndBucketsTheTimes()
    {
        using var metrics = new PolicyBotMetrics();
        using var collector = new MeterCollector(metrics.Meter);

        metrics.RecordQuestion("slack", Samples.Answer, TimeSpan.FromMilliseconds(3));
        metrics.RecordQuestion("slack", Samples.Answer, TimeSpan.FromMilliseconds(40));
        metrics.RecordQuestion("slack", Samples.Declined, TimeSpan.FromSeconds(30));
        metrics.RecordQuestion("discord", Samples.Summary, TimeSpan.FromSeconds(1));
        var families = collector.Collect();

        var questions = Family(families, PolicyBotMetrics.Questions);
        Assert.Equal(MetricKind.Counter, questions.Kind);
        Assert.Equal(2, Value(questions, "platform=slack", "outcome=answered"));
        Assert.Equal(1, Value(questions, "platform=slack", "outcome=no_answer"));
        Assert.Equal(1, Value(questions, "platform=discord", "outcome=other"));
        var seconds = Family(families, PolicyBotMetrics.AnswerSeconds);
        var slack = Assert.Single(seconds.Points, p => p.Labels.Single().Value == "slack").Histogram!;
        Assert.Equal(PolicyBotMetrics.AnswerSecondsBuckets, slack.Bounds);
        Assert.Equal(3, slack.Count);
        Assert.Equal(30.043, slack.Sum, 6);
        Assert.Equal(1, slack.BucketCounts[0]); // 3 ms ≤ 5 ms
        Assert.Equal(1, slack.BucketCounts[3]); // 40 ms in (25 ms, 50 ms]
        Assert.Equal(1, slack.BucketCounts[^1]); // 30 s above the last bound
    }

    [Fact]
    public void Collect_ObservedValues_ReadTheOutboxAndTheRateLimitSourcesAtEachCollection()
    {
        using var metrics = new PolicyBotMetrics();
        using var collector = new MeterCollector(metrics.Meter);
        long waits = 2;
        metrics.TrackRateLimitWaits("discord", () => waits);

        var before = collector.Collect();
        metrics.SetOutboxDepth(5);
        waits = 4;
        var after = collector.Collect();

        Assert.Empty(Family(before, PolicyBotMetrics.OutboxDepth).Points); // unknown until the store was read
        Assert.Equal(5, Value(Family(after, PolicyBotMetrics.OutboxDepth)));
        var rateLimits = Family(after, PolicyBotMetrics.RateLimitWaits);
        Assert.Equal(MetricKind.Counter, rateLimits.Kind);
        Assert.Equal(4, Value(rateLimits, "platform=discord"));
    }

    [Fact]
    public void Collect_AlertCounters_AddUpByPlatform()
    {
        using var metrics = new PolicyBotMetrics();
        using var collector = new MeterCollector(metrics.Meter);

        metrics.AlertsDelivered("slack", 3);
        metrics.AlertsDelivered("slack", 1);
        metrics.AlertsRetrying("discord", 2);
        metrics.AlertsGivenUp("slack", 1);
        var families = collector.Collect();

        Assert.Equal(4, Value(Family(families, PolicyBotMetrics.AlertsSent), "platform=slack"));
        Assert.Equal(2, Value(Family(families, PolicyBotMetrics.AlertsRetried), "platform=discord"));
        Assert.Equal(1, Value(Family(families, PolicyBotMetrics.AlertsFailed), "platform=slack"));
    }

    [Fact]
    public void Collect_AnotherInstancesMeter_IsNotMixedIn()
    {
        using var mine = new PolicyBotMetrics();
        using var other = new PolicyBotMetrics();
        using var collector = new MeterCollector(mine.Meter);

        other.RecordQuestion("slack", Samples.Answer, TimeSpan.Zero);
        mine.RecordQuestion("shell", Samples.Error, TimeSpan.Zero);
        var questions = Family(collector.Collect(), PolicyBotMetrics.Questions);

        var point = Assert.Single(questions.Points);
        Assert.Contains(new KeyValuePair<string, string>("platform", "shell"), point.Labels);
        Assert.Contains(new KeyValuePair<string, string>("outcome", "error"), point.Labels);
    }

    [Fact]
    public void Render_CollectedMetrics_IsPrometheusText()
    {
        using var metrics = new PolicyBotMetrics();
        using var collector = new MeterCollector(metrics.Meter);
        metrics.RecordQuestion("cli", Samples.Answer, TimeSpan.FromMilliseconds(1));

        string text = PrometheusText.Render(collector.Collect());

        Assert.Contains("# TYPE policybot_questions_total counter\n", text, StringComparison.Ordinal);
        Assert.Contains("policybot_questions_total{platform=\"cli\",outcome=\"answered\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE policybot_answer_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("policybot_answer_seconds_bucket{platform=\"cli\",le=\"0.005\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("policybot_answer_seconds_bucket{platform=\"cli\",le=\"+Inf\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("policybot_answer_seconds_count{platform=\"cli\"} 1\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(AnswerReply), "answered")]
    [InlineData(nameof(DeclinedReply), "no_answer")]
    [InlineData(nameof(ErrorReply), "error")]
    [InlineData(nameof(SpeakerQuotesReply), "other")]
    [InlineData(nameof(UsageReply), "other")]
    public void Outcome_ReplyKinds_MapToTheOutcomeLabel(string kind, string outcome)
    {
        var reply = ReplySamples.EveryKind(ReplySamples.Article, ReplySamples.Quote, "q", "Trudeau").First(r => r.GetType().Name == kind);

        Assert.Equal(outcome, PolicyBotMetrics.Outcome(reply));
    }

    /// <summary>One reply of each kind the counters are fed with.</summary>
    private static class Samples
    {
        public static readonly Reply Answer = new AnswerReply("q", new[] { new PolicyBot.Core.Answering.Passage("p", ReplySamples.Article, 1, 0.9) });
        public static readonly Reply Declined = new DeclinedReply("q", null, Array.Empty<PolicyBot.Core.Answering.Passage>());
        public static readonly Reply Summary = new SummaryReply(ReplySamples.Article, Array.Empty<PolicyBot.Core.Summaries.SummarySentence>());
        public static readonly Reply Error = new ErrorReply("x");
    }
}
