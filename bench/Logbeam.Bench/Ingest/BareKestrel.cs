using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Logbeam.Bench.Ingest;

/// <summary>
/// The HTTP ceiling: Kestrel with one endpoint that reads the whole body, as the real one does, and answers the same
/// success JSON with a fresh request id. No signature, no parsing, no store.
/// </summary>
internal static class BareKestrel
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapGet("/healthz", () => "Healthy");
        app.MapPost("/device/reportlog", HandleAsync);
        await app.RunAsync().ConfigureAwait(false);
        return 0;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(result.Buffer.Length, 1));
                result.Buffer.CopyTo(buffer);
                ArrayPool<byte>.Shared.Return(buffer);
                reader.AdvanceTo(result.Buffer.End);
                break;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }

        var answer = Encoding.UTF8.GetBytes($"{{\"Response\":{{\"RequestId\":\"{Guid.NewGuid()}\"}}}}");
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.ContentLength = answer.Length;
        await context.Response.Body.WriteAsync(answer, context.RequestAborted).ConfigureAwait(false);
    }
}
