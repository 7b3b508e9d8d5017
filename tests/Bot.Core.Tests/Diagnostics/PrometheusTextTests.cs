using PolicyBot.Core.Diagnostics;

namespace PolicyBot.Core.Tests.Diagnostics;

public class PrometheusTextTests
{
    private static KeyValuePair<string, string> L(string key, string value) => new(key, value);

    [Fact]
    public void Render_Counter_WritesHelpTypeAndOneLinePerSeries()
    {
        var family = new MetricFamily("policybot_questions_total", MetricKind.Counter, "Questions answered.", new[]
        {
            new MetricPoint(new[] { L("outcome", "answered"), L("platform", "slack") }, 3),
            new MetricPoint(new[] { L("outcome", "no_answer"), L("platform", "slack") }, 1),
        });

        string text = PrometheusText.Render(new[] { family });

        Assert.Equal(
            "# HELP policybot_questions_total Questions answered.\n" +
            "# TYPE policybot_questions_total counter\n" +
            "policybot_questions_total{outcome=\"answered\",platform=\"slack\"} 3\n" +
            "policybot_questions_total{outcome=\"no_answer\",platform=\"slack\"} 1\n",
            text);
    }

    [Fact]
    public void Render_GaugeWithoutLabels_WritesNoBraces()
    {
        var family = new MetricFamily("policybot_outbox_depth", MetricKind.Gauge, null, new[] { new MetricPoint(Array.Empty<KeyValuePair<string, string>>(), 7) });

        Assert.Equal("# TYPE policybot_outbox_depth gauge\npolicybot_outbox_depth 7\n", PrometheusText.Render(new[] { family }));
    }

    [Fact]
    public void Render_Histogram_BucketsAreCumulativeAndEndWithInfSumAndCount()
    {
        // Per-bucket counts: 2 at or under 0.1, 1 in (0.1, 1], 0 in (1, 10], 1 above 10.
        var histogram = new HistogramValue(new[] { 0.1, 1, 10 }, new long[] { 2, 1, 0, 1 }, 12.5, 4);
        var family = new MetricFamily("policybot_answer_seconds", MetricKind.Histogram, null, new[] { new MetricPoint(new[] { L("platform", "discord") }, 4, histogram) });

        string text = PrometheusText.Render(new[] { family });

        Assert.Equal(
            "# TYPE policybot_answer_seconds histogram\n" +
            "policybot_answer_seconds_bucket{platform=\"discord\",le=\"0.1\"} 2\n" +
            "policybot_answer_seconds_bucket{platform=\"discord\",le=\"1\"} 3\n" +
            "policybot_answer_seconds_bucket{platform=\"discord\",le=\"10\"} 3\n" +
            "policybot_answer_seconds_bucket{platform=\"discord\",le=\"+Inf\"} 4\n" +
            "policybot_answer_seconds_sum{platform=\"discord\"} 12.5\n" +
            "policybot_answer_seconds_count{platform=\"discord\"} 4\n",
            text);
    }

    [Fact]
    public void Render_LabelValueWithQuoteBackslashAndNewline_IsEscaped()
    {
        var family = new MetricFamily("m", MetricKind.Gauge, "line one\nback\\slash", new[] { new MetricPoint(new[] { L("v", "a\"b\\c\nd") }, 1) });

        string text = PrometheusText.Render(new[] { family });

        Assert.Contains("# HELP m line one\\nback\\\\slash\n", text, StringComparison.Ordinal);
        Assert.Contains("m{v=\"a\\\"b\\\\c\\nd\"} 1\n", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.005, "0.005")]
    [InlineData(2.5, "2.5")]
    [InlineData(1e21, "1E+21")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void FormatValue_Numbers_UseInvariantFormsAndPrometheusInfinities(double value, string expected)
    {
        Assert.Equal(expected, PrometheusText.FormatValue(value));
    }

    [Theory]
    [InlineData("policybot_questions_total", "policybot_questions_total")]
    [InlineData("http.server-duration", "http_server_duration")]
    [InlineData("9lives", "_lives")]
    public void SanitizeName_InvalidCharacters_BecomeUnderscores(string name, string expected)
    {
        Assert.Equal(expected, PrometheusText.SanitizeName(name));
    }
}
