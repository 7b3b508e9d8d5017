using System.Diagnostics.Metrics;
using System.Globalization;

namespace PolicyBot.Core.Diagnostics;

/// <summary>
/// Keeps the current values of one <see cref="Meter"/>'s instruments for an exporter: counters summed, gauges and
/// observable counters as last observed, histograms in fixed buckets (the instrument's advised boundaries, else
/// <see cref="PolicyBotMetrics.AnswerSecondsBuckets"/>). <see cref="Collect"/> reads the observable instruments and
/// returns a snapshot, families by name and series by labels (written in the order they were recorded), so the output is stable.
/// </summary>
public sealed class MeterCollector : IDisposable
{
    private readonly Meter _meter;
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly Lock _collecting = new();
    private readonly Dictionary<Instrument, Dictionary<string, Series>> _series = new();

    public MeterCollector(Meter meter)
    {
        _meter = meter;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, _meter))
            {
                lock (_gate)
                {
                    _series.TryAdd(instrument, new Dictionary<string, Series>(StringComparer.Ordinal));
                }

                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>The current values, observable instruments read now.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        // One collection at a time: two scrapes must not clear each other's observations.
        lock (_collecting)
        {
            return CollectNow();
        }
    }

    private List<MetricFamily> CollectNow()
    {
        lock (_gate)
        {
            // Observed series are replaced by this observation: a source that reports nothing drops out.
            foreach (var (instrument, series) in _series)
            {
                if (instrument.IsObservable)
                {
                    series.Clear();
                }
            }
        }

        _listener.RecordObservableInstruments();
        lock (_gate)
        {
            return _series
                .OrderBy(s => s.Key.Name, StringComparer.Ordinal)
                .Select(s => new MetricFamily(
                    s.Key.Name,
                    KindOf(s.Key),
                    s.Key.Description,
                    s.Value.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value.ToPoint()).ToList()))
                .ToList();
        }
    }

    private static MetricKind KindOf(Instrument instrument) => instrument switch
    {
        Histogram<double> or Histogram<long> or Histogram<int> => MetricKind.Histogram,
        Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> or ObservableCounter<int> or ObservableCounter<double> => MetricKind.Counter,
        _ => MetricKind.Gauge,
    };

    private static IReadOnlyList<double> BoundsOf(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { Count: > 0 } bounds } => bounds.ToList(),
        _ => PolicyBotMetrics.AnswerSecondsBuckets,
    };

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new List<KeyValuePair<string, string>>(tags.Length);
        foreach (var tag in tags)
        {
            labels.Add(new KeyValuePair<string, string>(tag.Key, Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? ""));
        }

        // Labels are written in the order recorded; the series is identified by them in name order.
        string key = string.Join('\u001f', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
        var kind = KindOf(instrument);
        lock (_gate)
        {
            if (!_series.TryGetValue(instrument, out var series))
            {
                return;
            }

            if (!series.TryGetValue(key, out var point))
            {
                point = new Series(labels, kind == MetricKind.Histogram ? BoundsOf(instrument) : null);
                series[key] = point;
            }

            if (kind == MetricKind.Histogram)
            {
                point.Observe(value);
            }
            else if (kind == MetricKind.Counter && !instrument.IsObservable)
            {
                point.Value += value;
            }
            else
            {
                point.Value = value;
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private sealed class Series
    {
        private readonly IReadOnlyList<KeyValuePair<string, string>> _labels;
        private readonly IReadOnlyList<double>? _bounds;
        private readonly long[]? _buckets;
        private double _sum;
        private long _count;

        public Series(IReadOnlyList<KeyValuePair<string, string>> labels, IReadOnlyList<double>? bounds)
        {
            _labels = labels;
            _bounds = bounds;
            _buckets = bounds is null ? null : new long[bounds.Count + 1];
        }

        public double Value { get; set; }

        public void Observe(double value)
        {
            int bucket = 0;
            while (bucket < _bounds!.Count && value > _bounds[bucket])
            {
                bucket++;
            }

            _buckets![bucket]++;
            _sum += value;
            _count++;
        }

        public MetricPoint ToPoint() => _buckets is null
            ? new MetricPoint(_labels, Value)
            : new MetricPoint(_labels, _count, new HistogramValue(_bounds!, _buckets.ToArray(), _sum, _count));
    }
}
