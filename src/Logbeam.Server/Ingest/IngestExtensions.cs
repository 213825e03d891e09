using Logbeam.Protocol;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Logbeam.Server.Observability;
using Microsoft.Extensions.ObjectPool;

namespace Logbeam.Server.Ingest;

/// <summary>Registers and maps the device upload endpoints.</summary>
public static class IngestExtensions
{
    private const string ReportLogPath = "/device/reportlog";
    private const string LegacyPath = "/cgi-bin/report-log";

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

    /// <summary>
    /// Answers the two upload paths ahead of routing and the rest of the pipeline (static files, status pages,
    /// endpoint binding with its per-request service scope): they are the platform's hot path and need none of it.
    /// Must come before <c>UseRouting</c>. Other methods on these paths get 405, as a mapped route would give.
    /// </summary>
    public static IApplicationBuilder UseIngestEndpoints(this IApplicationBuilder app)
    {
        RequestDelegate reportLog = app.ApplicationServices.GetRequiredService<ReportLogEndpoint>().HandleAsync;
        RequestDelegate legacy = app.ApplicationServices.GetRequiredService<LegacyReportEndpoint>().HandleAsync;
        return app.Use(next => context =>
        {
            var handler =
                IsPath(context.Request.Path, ReportLogPath) ? reportLog
                : IsPath(context.Request.Path, LegacyPath) ? legacy
                : null;
            if (handler is null)
            {
                return next(context);
            }

            if (!HttpMethods.IsPost(context.Request.Method))
            {
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                context.Response.Headers.Allow = HttpMethods.Post;
                return Task.CompletedTask;
            }

            return handler(context);
        });
    }

    // As a route template matches: any case, one trailing slash allowed.
    private static bool IsPath(PathString path, string expected)
    {
        var value = path.Value.AsSpan();
        if (value.Length == expected.Length + 1 && value[^1] == '/')
        {
            value = value[..^1];
        }

        return value.Equals(expected, StringComparison.OrdinalIgnoreCase);
    }
}
