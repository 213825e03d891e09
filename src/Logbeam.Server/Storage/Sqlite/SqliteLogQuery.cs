using System.Text;
using Logbeam.Protocol;
using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>Turns a <see cref="LogQuery"/> into a parameterised SELECT (two for a device's lines, <see cref="DeviceLines"/>).</summary>
internal static class SqliteLogQuery
{
    /// <summary>
    /// The ids a device filter names: more than one when a device was deleted and a new one took its name, none when
    /// the name is unknown. Resolved before the SELECT so that one id becomes <c>device_id = $dev</c>, which walks
    /// the device index newest first and stops at the limit, where an <c>IN (subquery)</c> makes SQLite read every line
    /// of the device and sort them.
    /// </summary>
    public static IReadOnlyList<long> ResolveDevices(SqliteConnection connection, string productId, string deviceName)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM devices WHERE product_id = $pid AND device_name = $dn ORDER BY id";
        command.Parameters.AddWithValue("$pid", productId);
        command.Parameters.AddWithValue("$dn", deviceName);
        using var reader = command.ExecuteReader();
        var ids = new List<long>(1);
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <param name="command">The command to fill.</param>
    /// <param name="query">The filter.</param>
    /// <param name="deviceIds">For a query with a device name, the ids <see cref="ResolveDevices"/> found (at least one).</param>
    /// <param name="part">
    /// For a device filter without text, which of the device's lines to read: those in the device index, up to
    /// <paramref name="indexedUpTo"/>, or those past it. A text filter reads every line the full-text index holds.
    /// </param>
    /// <param name="indexedUpTo">The mark of the index file (<see cref="SqliteLineIndexer"/>) in the query's snapshot.</param>
    public static void Bind(
        SqliteCommand command, LogQuery query, IReadOnlyList<long>? deviceIds = null, DeviceLines part = DeviceLines.Indexed, long indexedUpTo = 0)
    {
        var ascending = query.AfterId is not null;
        var fullText = ToFtsQuery(query.Text is { } text ? StoredText.WithoutNul(text) : null);
        var byDevice = query.ProductId is not null && query.DeviceName is not null;
        if (byDevice && (deviceIds is null || deviceIds.Count == 0))
        {
            throw new ArgumentException("A device filter needs the device ids ResolveDevices found.", nameof(deviceIds));
        }

        var sql = new StringBuilder(
            "SELECT l.id, d.product_id, d.device_name, l.level, l.device_time, l.received_at, l.tag, l.text, r.request_id ");

        // With a text filter, drive the walk from the FTS index in rowid order so that a LIMIT stops it early; with a
        // device filter, from the device index, or over the newest lines past its mark.
        string order, device;
        if (fullText is not null)
        {
            sql.Append("FROM fts.lines_fts f JOIN lines l ON l.id = f.rowid ");
            (order, device) = ("f.rowid", "l.device_id");
        }
        else if (byDevice && part == DeviceLines.Indexed)
        {
            sql.Append("FROM fts.device_lines dl JOIN lines l ON l.id = dl.line_id ");
            (order, device) = ("dl.line_id", "dl.device_id");
        }
        else
        {
            sql.Append("FROM lines l ");
            (order, device) = ("l.id", "l.device_id");
        }

        sql.Append("JOIN devices d ON d.id = l.device_id JOIN requests r ON r.id = l.request WHERE 1 = 1 ");
        if (fullText is null && byDevice)
        {
            sql.Append(part == DeviceLines.Indexed ? $"AND {order} <= $upto " : $"AND {order} > $upto ");
            command.Parameters.AddWithValue("$upto", indexedUpTo);
        }

        if (fullText is not null)
        {
            sql.Append("AND f.lines_fts MATCH $q ");
            command.Parameters.AddWithValue("$q", fullText);
        }

        if (byDevice)
        {
            sql.Append(deviceIds!.Count == 1 ? $"AND {device} = $dev0 " : $"AND {device} IN ({string.Join(", ", deviceIds.Select((_, i) => $"$dev{i}"))}) ");
            for (var i = 0; i < deviceIds.Count; i++)
            {
                command.Parameters.AddWithValue($"$dev{i}", deviceIds[i]);
            }
        }
        else if (query.ProductId is not null)
        {
            // Walking newest first and checking membership stops at the limit; the unary + keeps the planner from
            // starting at the product's devices instead, which would read every line of each of them and sort them.
            sql.Append("AND +l.device_id IN (SELECT id FROM devices WHERE product_id = $pid) ");
            command.Parameters.AddWithValue("$pid", query.ProductId);
        }

        AddFilter(sql, command, "l.level >= $min", "$min", query.MinLevel is { } min ? (int)min : null);
        AddFilter(sql, command, "l.level <= $max", "$max", query.MaxLevel is { } max ? (int)max : null);
        AddFilter(sql, command, "l.received_at >= $since", "$since", query.Since?.ToUnixTimeMilliseconds());
        AddFilter(sql, command, "l.received_at < $until", "$until", query.Until?.ToUnixTimeMilliseconds());
        AddFilter(sql, command, $"{order} < $before", "$before", query.BeforeId);
        AddFilter(sql, command, $"{order} > $after", "$after", query.AfterId);

        sql.Append(ascending ? $"ORDER BY {order} ASC " : $"ORDER BY {order} DESC ");
        sql.Append("LIMIT $limit");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();
    }

    public static LogRecord Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        (DeviceLogLevel)reader.GetInt32(3),
        reader.IsDBNull(4) ? null : DateTime.SpecifyKind(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)).UtcDateTime, DateTimeKind.Unspecified),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetString(7),
        reader.GetString(8));

    /// <summary>
    /// Every whitespace-separated term becomes a quoted FTS5 string, so user input can never be
    /// FTS syntax (and never a syntax error); all terms must match.
    /// </summary>
    internal static string? ToFtsQuery(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var terms = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return string.Join(' ', terms.Select(term => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
    }

    private static void AddFilter(StringBuilder sql, SqliteCommand command, string condition, string name, long? value)
    {
        if (value is null)
        {
            return;
        }

        sql.Append("AND ").Append(condition).Append(' ');
        command.Parameters.AddWithValue(name, value.Value);
    }
}
