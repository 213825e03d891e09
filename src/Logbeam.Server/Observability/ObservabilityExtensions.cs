using Prometheus;

namespace Logbeam.Server.Observability;

/// <summary>Maps <c>/healthz</c> and the Prometheus <c>/metrics</c>.</summary>
public static class ObservabilityExtensions
{
    private static int s_metricsConfigured;

    /// <summary>
    /// Leaves ASP.NET Core's per-request meters (hosting, routing, Kestrel's memory pool) out of <c>/metrics</c>:
    /// bridging every one of their measurements into prometheus-net took about a tenth of the server's CPU with
    /// one-line uploads (bench/results/ingest.md), and the platform's own counters already cover ingest. Runtime
    /// and process metrics stay. Once per process, before the first metric is made.
    /// </summary>
    public static void ConfigureMetrics()
    {
        if (Interlocked.Exchange(ref s_metricsConfigured, 1) == 0)
        {
            Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate =
                instrument => !instrument.Meter.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        }
    }

    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        app.MapMetrics("/metrics");
        return app;
    }
}
