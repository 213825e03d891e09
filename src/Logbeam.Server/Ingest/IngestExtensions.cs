using Logbeam.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Logbeam.Server.Observability;
using Microsoft.Extensions.ObjectPool;

namespace Logbeam.Server.Ingest;

/// <summary>Registers and maps the device upload endpoints.</summary>
public static class IngestExtensions
{
    public static IHostApplicationBuilder AddLogbeamIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section);
        builder.Services.AddSingleton<IngestMetrics>();
        // A store shared by several nodes registers its own, shared replay cache first.
        builder.Services.TryAddSingleton<INonceCache, NonceCache>();
        builder.Services.AddSingleton<LogWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<LogWriter>());
        builder.Services.AddSingleton<UploadCommitter>();
        builder.Services.AddSingleton<ObjectPool<List<LogLine>>>(
            _ => new DefaultObjectPool<List<LogLine>>(new LineListPolicy(), Environment.ProcessorCount * 64));
        builder.Services.AddSingleton<ReportLogEndpoint>();
        builder.Services.AddSingleton<LegacyReportEndpoint>();
        return builder;
    }

    public static IEndpointRouteBuilder MapIngestEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/device/reportlog", (HttpContext context, ReportLogEndpoint endpoint) => endpoint.HandleAsync(context))
            .ExcludeFromDescription();
        app.MapPost("/cgi-bin/report-log", (HttpContext context, LegacyReportEndpoint endpoint) => endpoint.HandleAsync(context))
            .ExcludeFromDescription();
        return app;
    }
}
