using System.Diagnostics.Tracing;
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
    /// and process metrics stay.
    /// <para>
    /// The EventCounter bridge listens at Critical level: the counters arrive whatever the level, while at its default
    /// (Informational) every event source it reads, ASP.NET Core's hosting among them, also raised an event for each
    /// request that the bridge then dropped. Once per process, before the first metric is made.
    /// </para>
    /// </summary>
    public static void ConfigureMetrics()
    {
        if (Interlocked.Exchange(ref s_metricsConfigured, 1) == 0)
        {
            Metrics.ConfigureMeterAdapter(options => options.InstrumentFilterPredicate =
                instrument => !instrument.Meter.Name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
            Metrics.ConfigureEventCounterAdapter(options => options.EventSourceSettingsProvider =
                _ => new EventCounterAdapterEventSourceSettings { MinimumLevel = EventLevel.Critical, MatchKeywords = EventKeywords.None });
        }
    }

    public static WebApplication MapLogbeamObservability(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        app.MapMetrics("/metrics");
        return app;
    }
}
