using System.Text;
using PolicyBot.Core.Answering;
using PolicyBot.Core.Conversation;
using PolicyBot.Core.Diagnostics;
using PolicyBot.Hosting.Diagnostics;
using Prometheus;

namespace PolicyBot.Host.Tests;

/// <summary>The PolicyBot meter in prometheus-net's text format, under the names the README gives.</summary>
public class PrometheusExportTests
{
    private static async Task<string> ScrapeAsync(PrometheusExport export)
    {
        using var stream = new MemoryStream();
        await export.Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public async Task Scrape_EveryInstrument_HasTheReadmeNameTypeAndLabels()
    {
        using var metrics = new PolicyBotMetrics();
        using var export = new PrometheusExport(metrics);
        metrics.RecordQuestion("discord", new DeclinedReply("q", Reason: null, Array.Empty<Passage>()), TimeSpan.FromMilliseconds(30));
        metrics.AlertsDelivered("slack", 4);
        metrics.AlertsRetrying("discord", 2);
        metrics.AlertsGivenUp("slack", 1);
        metrics.TrackRateLimitWaits("discord", () => 3);

        string before = await ScrapeAsync(export);
        metrics.SetOutboxDepth(5);
        string text = await ScrapeAsync(export);

        Assert.Contains("# TYPE policybot_questions_total counter\npolicybot_questions_total{platform=\"discord\",outcome=\"no_answer\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE policybot_answer_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_answer_seconds_bucket{platform=\"discord\",le=\"0.025\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_answer_seconds_bucket{platform=\"discord\",le=\"0.05\"} 1\n", text, StringComparison.Ordinal);
        Assert.Equal(
            new[] { "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf" },
            text.Split('\n').Where(l => l.StartsWith("policybot_answer_seconds_bucket", StringComparison.Ordinal)).Select(l => l.Split("le=\"")[1].Split('"')[0]));
        Assert.Contains("# TYPE policybot_alerts_sent_total counter\npolicybot_alerts_sent_total{platform=\"slack\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_alerts_retried_total{platform=\"discord\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_alerts_failed_total{platform=\"slack\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE policybot_rate_limit_waits_total counter\npolicybot_rate_limit_waits_total{platform=\"discord\"} 3\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain("policybot_outbox_depth", before, StringComparison.Ordinal); // unknown until the store was read
        Assert.Contains("# TYPE policybot_outbox_depth gauge\npolicybot_outbox_depth 5\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_TwoHostsInOneProcess_NeverMixTheirNumbers()
    {
        using var mine = new PolicyBotMetrics();
        using var theirs = new PolicyBotMetrics();
        using var myExport = new PrometheusExport(mine);
        using var theirExport = new PrometheusExport(theirs);
        mine.RecordQuestion("slack", new AnswerReply("q", Array.Empty<Passage>()), TimeSpan.FromMilliseconds(3));
        theirs.RecordQuestion("slack", new AnswerReply("q", Array.Empty<Passage>()), TimeSpan.FromMilliseconds(3));
        theirs.RecordQuestion("slack", new AnswerReply("q", Array.Empty<Passage>()), TimeSpan.FromMilliseconds(3));

        string text = await ScrapeAsync(myExport);

        Assert.Contains("\npolicybot_questions_total{platform=\"slack\",outcome=\"answered\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("\npolicybot_questions_total{platform=\"slack\",outcome=\"answered\"} 2\n", await ScrapeAsync(theirExport), StringComparison.Ordinal);
    }
}
