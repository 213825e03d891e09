using System.Text;

namespace Logbeam.Server.Observability.Prometheus;

/// <summary>One series of a family: its labels and its value, or its histogram buckets. Lock-free: measurements come from any thread.</summary>
internal sealed class MetricSeries(string[] labelNames, string[] labelValues, double[]? bounds)
{
    private readonly long[]? _buckets = bounds is null ? null : new long[bounds.Length + 1];
    private double _value;
    private double _sum;

    public void Add(double value) => AddTo(ref _value, value);

    public void Set(double value) => Volatile.Write(ref _value, value);

    public void Observe(double value)
    {
        var bucket = 0;
        while (bucket < bounds!.Length && value > bounds[bucket])
        {
            bucket++;
        }

        Interlocked.Increment(ref _buckets![bucket]);
        AddTo(ref _sum, value);
    }

    public void Write(StringBuilder text, string name)
    {
        if (_buckets is null)
        {
            PrometheusText.Sample(text, name, null, labelNames, labelValues, null, Volatile.Read(ref _value));
            return;
        }

        // The count is the buckets' sum, so that a scrape during an observation still adds up.
        long cumulative = 0;
        for (var i = 0; i < _buckets.Length; i++)
        {
            cumulative += Interlocked.Read(ref _buckets[i]);
            var le = i < bounds!.Length ? PrometheusText.Number(bounds[i]) : "+Inf";
            PrometheusText.Sample(text, name, "_bucket", labelNames, labelValues, le, cumulative);
        }

        PrometheusText.Sample(text, name, "_sum", labelNames, labelValues, null, Volatile.Read(ref _sum));
        PrometheusText.Sample(text, name, "_count", labelNames, labelValues, null, cumulative);
    }

    private static void AddTo(ref double location, double value)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + value, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }
}
