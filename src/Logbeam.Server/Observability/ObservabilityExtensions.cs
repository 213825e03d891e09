using Prometheus;

namespace Logbeam.Server.Observability;

/// <summary>Maps <c>/healthz</c> and the Prometheus <c>/metrics</c>.</summary>
public static class ObservabilityExtensions
{
    public static WebApplication MapObservability(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        app.MapMetrics("/metrics");
        return app;
    }
}
