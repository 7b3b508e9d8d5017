using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Prometheus;
using PolicyBot.Core.Diagnostics;

namespace PolicyBot.Hosting.Diagnostics;

/// <summary>
/// This host's Prometheus registry (prometheus-net): the PolicyBot meter of this container only, plus the library's
/// process and .NET runtime metrics and, once <see cref="UseHttpMetrics"/> is in the pipeline, its HTTP request metrics.
/// A registry of its own per host rather than the library's static default, so several hosts in one process (tests)
/// never mix their numbers.
/// </summary>
/// <remarks>
/// The meter is bridged by a <see cref="MeterListener"/> of this host's meter onto prometheus-net's own counters, gauge
/// and histogram, named <c>{meter}_{instrument}</c> (<c>policybot_questions_total</c>): prometheus-net 8.2.1's
/// <c>MeterAdapter</c> types every .NET counter as a gauge (the README's counters would change type) and, on a custom
/// registry here, exported no series at all.
/// </remarks>
public sealed class PrometheusExport : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Instrument, MeterSeries> _series = new();
    private readonly string _prefix;

    static PrometheusExport()
    {
        // The static default registry is never exported here: it must not listen to every meter and counter of the process.
        Metrics.SuppressDefaultMetrics();
    }

    public PrometheusExport(PolicyBotMetrics metrics)
    {
        Registry = Metrics.NewCustomRegistry();
        Factory = Metrics.WithCustomRegistry(Registry);
        DotNetStats.Register(Registry);
        _prefix = metrics.Meter.Name.ToLowerInvariant() + "_";
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.Meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
        Registry.AddBeforeCollectCallback(_listener.RecordObservableInstruments);
    }

    public CollectorRegistry Registry { get; }

    private IMetricFactory Factory { get; }

    /// <summary>Counts every request but the scrapes themselves into this registry (http_requests_received_total …).</summary>
    public void UseHttpMetrics(IApplicationBuilder app) => app.UseHttpMetrics(options => options.SetMetricFactory(Factory));

    /// <summary>Maps <c>GET /metrics</c> (text format 0.0.4, or OpenMetrics when the scraper asks for it).</summary>
    public void MapMetrics(IEndpointRouteBuilder endpoints) => endpoints.MapMetrics("/metrics", Registry);

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (!_series.TryGetValue(instrument, out var series))
        {
            // The first measurement fixes an instrument's label names (in the order the instrument gives them).
            string[] labelNames = new string[tags.Length];
            for (int i = 0; i < tags.Length; i++)
            {
                labelNames[i] = tags[i].Key;
            }

            series = _series.GetOrAdd(instrument, MeterSeries.Create(instrument, _prefix + instrument.Name, labelNames, Factory));
        }

        series.Record(value, tags);
    }

    public void Dispose() => _listener.Dispose();

    /// <summary>One instrument as a Prometheus metric of the matching type.</summary>
    private sealed class MeterSeries
    {
        private readonly string[] _labelNames;
        private readonly Action<string[], double> _record;

        private MeterSeries(string[] labelNames, Action<string[], double> record)
        {
            _labelNames = labelNames;
            _record = record;
        }

        public static MeterSeries Create(Instrument instrument, string name, string[] labelNames, IMetricFactory factory)
        {
            string help = instrument.Description ?? instrument.Name;
            Action<string[], double> record = instrument switch
            {
                Counter<long> or Counter<double> => Labelled(factory.CreateCounter(name, help, labelNames), (c, v) => c.Inc(v)),
                ObservableCounter<long> or ObservableCounter<double> => Labelled(factory.CreateCounter(name, help, labelNames), (c, v) => c.IncTo(v)),
                Histogram<long> or Histogram<double> => Labelled(
                    factory.CreateHistogram(name, help, labelNames, new HistogramConfiguration { Buckets = Buckets(instrument) }), (h, v) => h.Observe(v)),
                _ => Labelled(factory.CreateGauge(name, help, labelNames), (g, v) => g.Set(v)),
            };
            return new MeterSeries(labelNames, record);
        }

        public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var values = new string[_labelNames.Length];
            for (int i = 0; i < _labelNames.Length; i++)
            {
                values[i] = TagValue(tags, _labelNames[i]);
            }

            _record(values, value);
        }

        private static string TagValue(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == name)
                {
                    return Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "";
                }
            }

            return "";
        }

        private static Action<string[], double> Labelled<TChild>(Collector<TChild> metric, Action<TChild, double> apply)
            where TChild : ChildBase =>
            (values, value) => apply(metric.WithLabels(values), value);

        // The buckets the instrument advises (PolicyBotMetrics gives the answer-time histogram its own), else a wide default.
        private static double[] Buckets(Instrument instrument) =>
            (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray() ?? Histogram.ExponentialBuckets(0.001, 2, 16);
    }
}
