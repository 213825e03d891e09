using System.Text;
using Logbeam.Protocol;
using Npgsql;

namespace Logbeam.Server.Storage.Postgres;

/// <summary>Turns a <see cref="LogQuery"/> into one parameterised SELECT over the partitioned <c>lines</c>.</summary>
internal static class PostgresLogQuery
{
    /// <summary>Builds the query; <c>false</c> when no device matches the product/device filter, so nothing can match.</summary>
    public static async Task<bool> BindAsync(NpgsqlCommand command, LogQuery query, CancellationToken cancellationToken)
    {
        var sql = new StringBuilder(
            "SELECT l.id, d.product_id, d.device_name, l.level, l.device_time, l.received_at, l.tag, l.text, l.request_id " +
            "FROM lines l JOIN devices d ON d.id = l.device_id WHERE true ");
        var parameters = command.Parameters;

        if (query.ProductId is not null)
        {
            // Resolved first: with one device (the common case) the filter is an equality, and "newest first" walks
            // each day's (device_id, id) index backwards instead of sorting.
            var devices = await DeviceIdsAsync(command.Connection!, query.ProductId, query.DeviceName, cancellationToken).ConfigureAwait(false);
            if (devices.Length == 0)
            {
                return false;
            }

            if (devices.Length == 1)
            {
                sql.Append("AND l.device_id = @device ");
                parameters.AddWithValue("device", devices[0]);
            }
            else
            {
                sql.Append("AND l.device_id = ANY(@devices) ");
                parameters.AddWithValue("devices", devices);
            }
        }

        var terms = Terms(query.Text is { } text ? StoredText.WithoutNul(text) : null);
        if (terms.Length > 0)
        {
            // Each term is a phrase of its words, all terms must occur: what SQLite's quoted FTS5 terms mean.
            sql.Append("AND lines_words(l.text) @@ (");
            for (var i = 0; i < terms.Length; i++)
            {
                sql.Append(i == 0 ? string.Empty : " && ").Append("words_phrase(@t").Append(i).Append(')');
                parameters.AddWithValue("t" + i, terms[i]);
            }

            sql.Append(") ");
        }

        if (query.MinLevel is { } min)
        {
            sql.Append("AND l.level >= @min ");
            parameters.AddWithValue("min", (short)min);
        }

        if (query.MaxLevel is { } max)
        {
            sql.Append("AND l.level <= @max ");
            parameters.AddWithValue("max", (short)max);
        }

        if (query.Since is { } since)
        {
            sql.Append("AND l.received_at >= @since ");
            parameters.AddWithValue("since", StoredTime.Millisecond(since));
        }

        if (query.Until is { } until)
        {
            sql.Append("AND l.received_at < @until ");
            parameters.AddWithValue("until", StoredTime.Millisecond(until));
        }

        if (query.BeforeId is { } before)
        {
            sql.Append("AND l.id < @before ");
            parameters.AddWithValue("before", before);
        }

        if (query.AfterId is { } after)
        {
            sql.Append("AND l.id > @after ");
            parameters.AddWithValue("after", after);
        }

        sql.Append(query.AfterId is null ? "ORDER BY l.id DESC " : "ORDER BY l.id ASC ");
        sql.Append("LIMIT @limit");
        parameters.AddWithValue("limit", query.Limit);
        command.CommandText = sql.ToString();
        return true;
    }

    public static LogRecord Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        (DeviceLogLevel)reader.GetInt16(3),
        reader.IsDBNull(4) ? null : DateTime.SpecifyKind(reader.GetDateTime(4), DateTimeKind.Unspecified),
        reader.GetFieldValue<DateTimeOffset>(5),
        reader.IsDBNull(6) ? null : reader.GetString(6),
        reader.GetString(7),
        reader.GetGuid(8).ToString());

    private static string[] Terms(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    private static async Task<long[]> DeviceIdsAsync(
        NpgsqlConnection connection, string productId, string? deviceName, CancellationToken cancellationToken)
    {
        // Deleted devices count too: their lines stay readable, as on SQLite.
        await using var command = new NpgsqlCommand(
            deviceName is null
                ? "SELECT id FROM devices WHERE product_id = @pid"
                : "SELECT id FROM devices WHERE product_id = @pid AND device_name = @dn",
            connection);
        command.Parameters.AddWithValue("pid", productId);
        if (deviceName is not null)
        {
            command.Parameters.AddWithValue("dn", deviceName);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var ids = new List<long>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt64(0));
        }

        return [.. ids];
    }
}
