using System.Globalization;
using System.Text;
using System.Text.Json;
using Logbeam.Server.Storage;

namespace Logbeam.Server.Api;

/// <summary>
/// <c>GET /api/v1/logs/export?format=ndjson|csv</c>: every line matching the filters of <c>/api/v1/logs</c>, newest first,
/// streamed as a download (page by page from the store, so memory stays flat however many lines match).
/// </summary>
internal static class LogExportApi
{
    public const int MaxLines = 10_000_000;

    private const int PageSize = LogsApi.MaxLimit;

    internal const string CsvHeader = "id,receivedAt,deviceTime,productId,deviceName,level,levelName,tag,text,requestId";

    public static RouteGroupBuilder MapLogExportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/logs/export", ExportAsync).WithTags("Logs").WithSummary("Export log lines as a file")
            .WithDescription("format=ndjson (the default) or csv, with the filters of GET /logs; as a download.")
            .Produces(StatusCodes.Status200OK, contentType: "application/x-ndjson")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return api;
    }

    private static async Task<IResult> ExportAsync(
        HttpContext context, string? format, string? productId, string? deviceName, string? minLevel, string? maxLevel, string? since,
        string? until, string? q, int? limit, ILogStore store, TimeProvider time)
    {
        var csv = format?.ToUpperInvariant() switch
        {
            null or "NDJSON" => false,
            "CSV" => true,
            _ => (bool?)null,
        };
        if (csv is null)
        {
            return Problems.Invalid("format must be ndjson or csv.");
        }

        if (limit is < 1 or > MaxLines)
        {
            return Problems.Invalid($"limit must be 1 to {MaxLines}.");
        }

        if (!LogsApi.TryBuild(productId, deviceName, minLevel, maxLevel, since, until, q, PageSize, null, out var filter, out var error))
        {
            return Problems.Invalid(error);
        }

        var aborted = context.RequestAborted;
        var response = context.Response;
        var name = string.Join('-', new[] { "logbeam", productId, deviceName }.Where(part => part is not null).Select(FileNamePart)) +
                   "-" + time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + (csv.Value ? ".csv" : ".ndjson");
        response.ContentType = csv.Value ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{name}\"";
        response.Headers.CacheControl = "no-store";

        var remaining = limit ?? MaxLines;
        var text = new StringBuilder();
        if (csv.Value)
        {
            text.Append(CsvHeader).Append("\r\n");
        }

        long? before = null;
        try
        {
            while (remaining > 0)
            {
                var page = await store.QueryAsync(filter with { BeforeId = before, Limit = Math.Min(PageSize, remaining) }, aborted).ConfigureAwait(false);
                foreach (var record in page)
                {
                    var item = LogItem.From(record);
                    if (csv.Value)
                    {
                        AppendCsv(text, item);
                    }
                    else
                    {
                        text.Append(JsonSerializer.Serialize(item, ApiJsonContext.Default.LogItem)).Append('\n');
                    }
                }

                await response.WriteAsync(text.ToString(), aborted).ConfigureAwait(false);
                text.Clear();
                remaining -= page.Count;
                if (page.Count < PageSize)
                {
                    break;
                }

                before = page[^1].Id;
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The download was abandoned.
        }

        return Results.Empty;
    }

    // Only what a product id or device name may hold goes into the header's file name; a filter can be any text.
    private static string FileNamePart(string? part) =>
        string.Concat(part!.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '@' ? c : '_'));

    private static void AppendCsv(StringBuilder text, LogItem item)
    {
        text.Append(item.Id.ToString(CultureInfo.InvariantCulture)).Append(',')
            .Append(item.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)).Append(',')
            .Append(item.DeviceTime?.ToString("yyyy-MM-dd'T'HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(',');
        Field(text, item.ProductId).Append(',');
        Field(text, item.DeviceName).Append(',');
        text.Append(item.Level.ToString(CultureInfo.InvariantCulture)).Append(',').Append(item.LevelName).Append(',');
        Field(text, Inert(item.Tag)).Append(',');
        Field(text, Inert(item.Text)).Append(',');
        Field(text, item.RequestId).Append("\r\n");
    }

    /// <summary>
    /// A device writes its own tag and text, and a spreadsheet opening the file would run one that begins with
    /// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return as a formula (CSV injection). Such a field
    /// gets a leading apostrophe, which spreadsheets show as text; NDJSON keeps every line exactly as stored.
    /// </summary>
    internal static string? Inert(string? value) =>
        value is { Length: > 0 } && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    /// <summary>RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled.</summary>
    internal static StringBuilder Field(StringBuilder text, string? value)
    {
        if (value is null)
        {
            return text;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0
            ? text.Append(value)
            : text.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
