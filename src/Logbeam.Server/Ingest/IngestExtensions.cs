using Logbeam.Protocol;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Logbeam.Server.Observability;
using Logbeam.Server.Storage;
using Microsoft.Extensions.ObjectPool;

namespace Logbeam.Server.Ingest;

/// <summary>Registers and maps the device upload endpoints.</summary>
public static class IngestExtensions
{
    // Line lists kept for reuse, per core. An upload holds its list until its group commits, so a busy node has many out
    // at once: the pool's own default, two per core, would drop most of them to the GC.
    private const int PooledLineListsPerCore = 64;

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
            _ => new DefaultObjectPool<List<LogLine>>(new LineListPolicy(), Environment.ProcessorCount * PooledLineListsPerCore));
        builder.Services.AddSingleton<ReportLogEndpoint>();
        builder.Services.AddSingleton<LegacyReportEndpoint>();
        return builder;
    }

    /// <summary>
    /// Maps the two upload paths. They are answered ahead of routing and the rest of the pipeline (static files, status
    /// pages, endpoint binding with its per-request service scope): they are the platform's hot path and need none of
    /// it. They are also mapped as routes, with the same handlers, so that the OpenAPI document describes them and a
    /// host that skips the fast path still answers them. Must come before <c>UseRouting</c>. Other methods on these
    /// paths get 405, as a mapped route would give.
    /// </summary>
    public static WebApplication MapLogbeamIngest(this WebApplication app)
    {
        RequestDelegate reportLog = app.Services.GetRequiredService<ReportLogEndpoint>().HandleAsync;
        RequestDelegate legacy = app.Services.GetRequiredService<LegacyReportEndpoint>().HandleAsync;
        app.Use(next => context =>
        {
            var handler =
                IsPath(context.Request.Path, UploadPaths.ReportLog) ? reportLog
                : IsPath(context.Request.Path, UploadPaths.Legacy) ? legacy
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

        // As delegates rather than RequestDelegates: only those are described by the OpenAPI document.
        app.MapPost(UploadPaths.ReportLog, (Delegate)((HttpContext context) => reportLog(context)))
            .WithTags("Device uploads")
            .WithSummary("Upload log lines, signed (the Java SDK's upload)")
            .WithDescription(
                "The body is JSON, {\"ProductId\":\"P\",\"DeviceName\":\"d\",\"Message\":[\"INF 2026-01-31 12:00:00 booted\"]}, " +
                "signed with the device's key in the X-TC-Algorithm, X-TC-Timestamp, X-TC-Nonce and X-TC-Signature headers " +
                "(docs/protocol.md §4). The answer is always HTTP 200 with {\"Response\":{\"RequestId\":\"…\"}}, or with " +
                "Response.Error {Code, Message} when the upload was refused. Not behind the admin key.")
            .WithMetadata(new AcceptsMetadata(["application/json"], typeof(System.Text.Json.JsonElement)))
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, null, ["application/json"]));
        app.MapPost(UploadPaths.Legacy, (Delegate)((HttpContext context) => legacy(context)))
            .WithTags("Device uploads")
            .WithSummary("Upload log lines as a legacy text frame (the C SDK's upload)")
            .WithDescription(
                "The body is the C SDK's frame: a 112-byte header (signature, auth type, product id, device name, timestamp) " +
                "followed by the lines (docs/protocol.md §5); a certificate device's frame is keyed with its certificate key. " +
                "The answer is HTTP 200 with {\"Retcode\":0} on success, or a non-zero Retcode and a Message. Refused when the " +
                "product's legacyUploads is off. Not behind the admin key.")
            .WithMetadata(new AcceptsMetadata(["text/plain"], typeof(string)))
            .WithMetadata(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, null, ["application/json"]));
        return app;
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
