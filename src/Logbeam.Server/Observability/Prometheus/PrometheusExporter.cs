using System.Diagnostics.Metrics;
using System.Text;

namespace Logbeam.Server.Observability.Prometheus;

/// <summary>
/// Writes one host's metrics in Prometheus's text format for <c>/metrics</c>: the platform's meters made through
/// this host's <see cref="IMeterFactory"/> (another host's, in the same process, are not seen), the runtime's
/// <c>System.Runtime</c> meter, and the process figures.
/// <para>
/// Our own listener rather than a library's: prometheus-net's meter adapter listens for the whole process, so two
/// hosts would show each other's counters; OpenTelemetry's Prometheus exporter is per host but renames what it
/// exports (unit suffixes, <c>otel_scope_*</c> labels) and is still a beta. This keeps every name as it was, and
/// leaves ASP.NET Core's per-request meters unlistened, so recording them costs nothing (bridging them once took
/// about a tenth of the server's CPU with one-line uploads, bench/results/ingest.md).
/// </para>
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    /// <summary>The runtime's own meter (GC, JIT, thread pool, CPU), one for the process.</summary>
    public const string RuntimeMeter = "System.Runtime";

    private readonly IMeterFactory _meters;
    private readonly MeterListener _listener;
    private readonly ProcessMetrics _process = new();
    private readonly Lock _gate = new();
    private readonly List<MetricFamily> _families = [];

    public PrometheusExporter(IMeterFactory meters)
    {
        _meters = meters;
        _listener = new MeterListener { InstrumentPublished = Publish, MeasurementsCompleted = Completed };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, family) => ((MetricFamily)family!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, family) => ((MetricFamily)family!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, family) => ((MetricFamily)family!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, family) => ((MetricFamily)family!).Record(value, tags));
        _listener.Start();
    }

    public static string ContentType => PrometheusText.ContentType;

    /// <summary>Reads the observable instruments and writes every family.</summary>
    public string Scrape()
    {
        _listener.RecordObservableInstruments();
        MetricFamily[] families;
        lock (_gate)
        {
            families = [.. _families];
        }

        var text = new StringBuilder(16 * 1024);
        foreach (var family in families)
        {
            family.Write(text);
        }

        _process.Write(text);
        return text.ToString();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _process.Dispose();
    }

    private void Publish(Instrument instrument, MeterListener listener)
    {
        var meter = instrument.Meter;
        MetricFamily family;
        if (ReferenceEquals(meter.Scope, _meters) && meter.Name.StartsWith(LogbeamMeters.Prefix, StringComparison.Ordinal))
        {
            family = MetricFamily.Platform(instrument);
        }
        else if (meter.Scope is null && meter.Name == RuntimeMeter)
        {
            family = MetricFamily.Runtime(instrument);
        }
        else
        {
            return;
        }

        lock (_gate)
        {
            _families.Add(family);
        }

        listener.EnableMeasurementEvents(instrument, family);
    }

    private void Completed(Instrument instrument, object? family)
    {
        lock (_gate)
        {
            _families.Remove((MetricFamily)family!);
        }
    }
}
