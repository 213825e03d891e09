using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Logbeam.Server.Observability.Prometheus;

/// <summary>One instrument as a Prometheus metric family: its name, help, type and series.</summary>
internal sealed class MetricFamily
{
    /// <summary>OpenTelemetry's default buckets, for a histogram that advises none.</summary>
    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly ConcurrentDictionary<SeriesKey, MetricSeries> _series = new();
    private readonly string _name;
    private readonly string? _help;
    private readonly string _type;
    private readonly Aggregation _aggregation;
    private readonly double[]? _bounds;

    private MetricFamily(string name, string? help, string type, Aggregation aggregation, double[]? bounds)
    {
        _name = name;
        _help = help;
        _type = type;
        _aggregation = aggregation;
        _bounds = bounds;
    }

    private enum Aggregation
    {
        Add,
        Set,
        Observe,
    }

    public string Name => _name;

    /// <summary>
    /// A platform instrument keeps its own name, which is its Prometheus name, and its description as help. Counters
    /// (observable or not) are counters, histograms histograms, everything else a gauge.
    /// </summary>
    public static MetricFamily Platform(Instrument instrument)
    {
        var kind = instrument.GetType().GetGenericTypeDefinition();
        var (type, aggregation) = kind switch
        {
            _ when kind == typeof(Counter<>) => ("counter", Aggregation.Add),
            _ when kind == typeof(ObservableCounter<>) => ("counter", Aggregation.Set),
            _ when kind == typeof(Histogram<>) => ("histogram", Aggregation.Observe),
            _ when kind == typeof(UpDownCounter<>) => ("gauge", Aggregation.Add),
            _ => ("gauge", Aggregation.Set),
        };
        return new MetricFamily(instrument.Name, instrument.Description, type, aggregation, aggregation == Aggregation.Observe ? Bounds(instrument) : null);
    }

    /// <summary>
    /// The runtime's meters, under the names and help prometheus-net gave them when it exported <c>/metrics</c>
    /// (<c>system_runtime_dotnet_gc_collections</c>, "(unit) description (instrument type)"), so that dashboards
    /// built on them still read: every one but a histogram is a gauge holding the running total or the last value.
    /// </summary>
    public static MetricFamily Runtime(Instrument instrument)
    {
        var name = PrometheusText.Name(instrument.Meter.Name + "_" + instrument.Name).ToLowerInvariant();
        var help = string.Join(' ', new[] { instrument.Unit is { Length: > 0 } unit ? $"({unit})" : null, instrument.Description, $"({instrument.GetType().Name})" }
            .Where(part => !string.IsNullOrEmpty(part)));
        var kind = instrument.GetType().GetGenericTypeDefinition();
        if (kind == typeof(Histogram<>))
        {
            return new MetricFamily(name, help, "histogram", Aggregation.Observe, Bounds(instrument));
        }

        var aggregation = kind == typeof(Counter<>) || kind == typeof(UpDownCounter<>) ? Aggregation.Add : Aggregation.Set;
        return new MetricFamily(name, help, "gauge", aggregation, null);
    }

    /// <summary>Called for every measurement: finds the series without allocating, once it exists.</summary>
    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = SeriesKey.From(tags);
        if (!_series.TryGetValue(key, out var series))
        {
            series = _series.GetOrAdd(key, NewSeries(tags));
        }

        switch (_aggregation)
        {
            case Aggregation.Add:
                series.Add(value);
                break;
            case Aggregation.Set:
                series.Set(value);
                break;
            default:
                series.Observe(value);
                break;
        }
    }

    public void Write(StringBuilder text)
    {
        PrometheusText.Header(text, _name, _help, _type);
        if (_series.IsEmpty && _bounds is not null)
        {
            // A histogram shows its empty buckets before the first observation, as it did before: the platform's
            // histograms have no labels.
            new MetricSeries([], [], _bounds).Write(text, _name);
            return;
        }

        foreach (var series in _series.Values)
        {
            series.Write(text, _name);
        }
    }

    private MetricSeries NewSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var names = new string[tags.Length];
        var values = new string[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            names[i] = PrometheusText.Name(tags[i].Key);
            values[i] = SeriesKey.Value(tags[i]);
        }

        return new MetricSeries(names, values, _bounds);
    }

    private static double[] Bounds(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds],
        Histogram<float> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
        Histogram<long> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
        Histogram<int> { Advice.HistogramBucketBoundaries: { } bounds } => [.. bounds.Select(b => (double)b)],
        _ => DefaultBounds,
    };
}
