using System.Buffers.Binary;
using System.Globalization;
using Logbeam.Protocol;
using Logbeam.Server.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Logbeam.Server.Api;

/// <summary><c>GET /api/v1/logs</c>: stored lines, newest first, filtered, cursor-paginated.</summary>
internal static class LogsApi
{
    public const int MaxLimit = 1000;

    /// <summary>The lines of one page when the request names no limit.</summary>
    public const int DefaultLimit = 100;

    public static RouteGroupBuilder MapLogsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/logs", QueryAsync).WithTags("Logs").WithSummary("Query stored log lines")
            .WithDescription(
                "Newest first. Filters: productId, deviceName (with productId), minLevel and maxLevel (0-4 or a level name), " +
                $"since and until (ISO 8601), q (full-text search); limit 1-{MaxLimit} (default {DefaultLimit}). Pass the answer's nextCursor as " +
                "cursor for the next page.");
        return api;
    }

    private static async Task<Results<Ok<LogPage>, ProblemHttpResult>> QueryAsync(
        string? productId, string? deviceName, string? minLevel, string? maxLevel, string? since, string? until,
        string? q, int? limit, string? cursor, ILogStore store, CancellationToken cancellationToken)
    {
        if (!TryBuild(productId, deviceName, minLevel, maxLevel, since, until, q, limit, cursor, out var query, out var error))
        {
            return Problems.Invalid(error);
        }

        var records = await store.QueryAsync(query, cancellationToken).ConfigureAwait(false);
        var next = records.Count == query.Limit ? EncodeCursor(records[^1].Id) : null;
        return TypedResults.Ok(new LogPage([.. records.Select(LogItem.From)], next));
    }

    internal static bool TryBuild(
        string? productId, string? deviceName, string? minLevel, string? maxLevel, string? since, string? until,
        string? text, int? limit, string? cursor, out LogQuery query, out string error)
    {
        query = new LogQuery();
        error = string.Empty;
        if (deviceName is not null && productId is null)
        {
            error = "deviceName goes with productId.";
            return false;
        }

        // No store can take them whole (SQLite's search ends a term at NUL, PostgreSQL refuses NUL), no name holds one,
        // and an export would put them in a header.
        if (HasControl(productId, "productId", ref error) || HasControl(deviceName, "deviceName", ref error) || HasControl(text, "q", ref error))
        {
            return false;
        }

        if (!TryLevel(minLevel, "minLevel", out var min, ref error) || !TryLevel(maxLevel, "maxLevel", out var max, ref error) ||
            !TryTime(since, "since", out var from, ref error) || !TryTime(until, "until", out var to, ref error))
        {
            return false;
        }

        if (limit is < 1 or > MaxLimit)
        {
            error = $"limit must be 1 to {MaxLimit}.";
            return false;
        }

        long? before = null;
        if (cursor is not null)
        {
            if (!TryDecodeCursor(cursor, out var id))
            {
                error = "cursor is not one this API gave out; start again without it.";
                return false;
            }

            before = id;
        }

        query = new LogQuery
        {
            ProductId = productId,
            DeviceName = deviceName,
            MinLevel = min,
            MaxLevel = max,
            Since = from,
            Until = to,
            Text = text,
            Limit = limit ?? DefaultLimit,
            BeforeId = before,
        };
        return true;
    }

    internal static string EncodeCursor(long id)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, id);
        return WebEncoders.Base64UrlEncode(bytes);
    }

    private static bool TryDecodeCursor(string cursor, out long id)
    {
        id = 0;
        try
        {
            var bytes = WebEncoders.Base64UrlDecode(cursor);
            if (bytes.Length != 8)
            {
                return false;
            }

            id = BinaryPrimitives.ReadInt64BigEndian(bytes);
            return id > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static bool HasControl(string? text, string name, ref string error)
    {
        if (text is null || !text.Any(char.IsControl))
        {
            return false;
        }

        error = $"{name} must not contain control characters.";
        return true;
    }

    private static bool TryLevel(string? text, string name, out DeviceLogLevel? level, ref string error)
    {
        level = null;
        if (text is null)
        {
            return true;
        }

        if (DeviceLogLevels.TryParseName(text, out var parsed))
        {
            level = parsed;
            return true;
        }

        error = $"{name} must be a level: 0-4 or off, error, warn, info, debug.";
        return false;
    }

    private static bool TryTime(string? text, string name, out DateTimeOffset? time, ref string error)
    {
        time = null;
        if (text is null)
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            time = parsed;
            return true;
        }

        error = $"{name} must be an ISO 8601 time, such as 2026-01-31T12:00:00Z.";
        return false;
    }
}
