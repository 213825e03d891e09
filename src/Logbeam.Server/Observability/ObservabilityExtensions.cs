using Logbeam.Server.Observability.Prometheus;

namespace Logbeam.Server.Observability;

/// <summary>Registers and maps <c>/healthz</c> and the Prometheus <c>/metrics</c>.</summary>
public static class ObservabilityExtensions
{
    public static IHostApplicationBuilder AddLogbeamObservability(this IHostApplicationBuilder builder)
    {
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<PrometheusExporter>();
        return builder;
    }

    public static WebApplication MapLogbeamObservability(this WebApplication app)
    {
        app.MapHealthChecks("/healthz");
        // Made now, before the host serves anything: a counter's measurements before its listener starts are lost.
        var exporter = app.Services.GetRequiredService<PrometheusExporter>();
        app.MapGet("/metrics", () => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType)).ExcludeFromDescription();
        return app;
    }
}
