using System.Globalization;
using System.Text;

namespace PolicyBot.Core.Diagnostics;

/// <summary>How a metric family is exposed.</summary>
public enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>A histogram's state: per-bucket counts (not cumulative; one more than <see cref="Bounds"/>, the last for +Inf), sum and count.</summary>
public sealed record HistogramValue(IReadOnlyList<double> Bounds, IReadOnlyList<long> BucketCounts, double Sum, long Count);

/// <summary>One series: its labels (in order) and its value, or its histogram.</summary>
public sealed record MetricPoint(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, HistogramValue? Histogram = null);

/// <summary>All series of one metric name.</summary>
public sealed record MetricFamily(string Name, MetricKind Kind, string? Help, IReadOnlyList<MetricPoint> Points);

/// <summary>
/// The Prometheus text exposition format, version 0.0.4: <c># HELP</c> and <c># TYPE</c> lines, then one line per
/// sample; histograms as cumulative <c>_bucket{le="…"}</c> lines ending in <c>le="+Inf"</c>, then <c>_sum</c> and
/// <c>_count</c>. Label values escape backslash, double quote and newline; help text escapes backslash and newline.
/// </summary>
public static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Render(IEnumerable<MetricFamily> families)
    {
        ArgumentNullException.ThrowIfNull(families);
        var text = new StringBuilder();
        foreach (var family in families)
        {
            string name = SanitizeName(family.Name);
            if (family.Help is { Length: > 0 } help)
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
            }

            text.Append("# TYPE ").Append(name).Append(' ').Append(TypeName(family.Kind)).Append('\n');
            foreach (var point in family.Points)
            {
                if (family.Kind == MetricKind.Histogram && point.Histogram is { } histogram)
                {
                    AppendHistogram(text, name, point.Labels, histogram);
                }
                else
                {
                    AppendSample(text, name, point.Labels, null, point.Value);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>A label value as the format wants it inside double quotes.</summary>
    public static string EscapeLabelValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    public static string EscapeHelp(string help)
    {
        ArgumentNullException.ThrowIfNull(help);
        return help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
    }

    /// <summary>A sample value: shortest round-trip form, +Inf, -Inf or NaN.</summary>
    public static string FormatValue(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>A metric or label name reduced to [a-zA-Z_:][a-zA-Z0-9_:]* (other characters become underscores).</summary>
    public static string SanitizeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0)
        {
            return "_";
        }

        var chars = name.ToCharArray();
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            bool ok = char.IsAsciiLetter(c) || c == '_' || c == ':' || (i > 0 && char.IsAsciiDigit(c));
            if (!ok)
            {
                chars[i] = '_';
            }
        }

        return new string(chars);
    }

    private static string TypeName(MetricKind kind) => kind switch
    {
        MetricKind.Counter => "counter",
        MetricKind.Histogram => "histogram",
        _ => "gauge",
    };

    private static void AppendHistogram(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, HistogramValue histogram)
    {
        long cumulative = 0;
        for (int i = 0; i < histogram.Bounds.Count; i++)
        {
            cumulative += i < histogram.BucketCounts.Count ? histogram.BucketCounts[i] : 0;
            AppendSample(text, name + "_bucket", labels, FormatValue(histogram.Bounds[i]), cumulative);
        }

        AppendSample(text, name + "_bucket", labels, "+Inf", histogram.Count);
        AppendSample(text, name + "_sum", labels, null, histogram.Sum);
        AppendSample(text, name + "_count", labels, null, histogram.Count);
    }

    private static void AppendSample(StringBuilder text, string name, IReadOnlyList<KeyValuePair<string, string>> labels, string? le, double value)
    {
        text.Append(name);
        if (labels.Count > 0 || le is not null)
        {
            text.Append('{');
            bool first = true;
            foreach (var (key, labelValue) in labels)
            {
                if (!first)
                {
                    text.Append(',');
                }

                first = false;
                text.Append(SanitizeName(key)).Append("=\"").Append(EscapeLabelValue(labelValue)).Append('"');
            }

            if (le is not null)
            {
                text.Append(first ? "" : ",").Append("le=\"").Append(le).Append('"');
            }

            text.Append('}');
        }

        text.Append(' ').Append(FormatValue(value)).Append('\n');
    }
}
