using System.Globalization;
using Logbeam.Server.Accounting;
using Microsoft.Data.Sqlite;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// <see cref="IDeviceActivityStore"/> and <see cref="ILineRangeStore"/> on the SQLite file: times in Unix milliseconds, as
/// everywhere in it.
/// </summary>
public sealed class SqliteActivityStore(SqliteDatabase database) : IDeviceActivityStore, ILineRangeStore
{
    // Each time keeps the later of the stored and the new; the clock offset goes with the later measurement.
    private const string SaveContact =
        """
        INSERT INTO device_contacts(device_id, last_connect, last_disconnect, last_upload, last_refused, clock_offset, clock_measured_at, time_synced_at)
        VALUES($id, $connect, $disconnect, $upload, $refused, $offset, $measured, $synced)
        ON CONFLICT(device_id) DO UPDATE SET
            last_connect = max(coalesce(last_connect, excluded.last_connect), coalesce(excluded.last_connect, last_connect)),
            last_disconnect = max(coalesce(last_disconnect, excluded.last_disconnect), coalesce(excluded.last_disconnect, last_disconnect)),
            last_upload = max(coalesce(last_upload, excluded.last_upload), coalesce(excluded.last_upload, last_upload)),
            last_refused = max(coalesce(last_refused, excluded.last_refused), coalesce(excluded.last_refused, last_refused)),
            clock_offset = CASE WHEN excluded.clock_measured_at >= coalesce(clock_measured_at, 0) THEN excluded.clock_offset ELSE clock_offset END,
            clock_measured_at = max(coalesce(clock_measured_at, excluded.clock_measured_at), coalesce(excluded.clock_measured_at, clock_measured_at)),
            time_synced_at = max(coalesce(time_synced_at, excluded.time_synced_at), coalesce(excluded.time_synced_at, time_synced_at))
        """;

    private const string SaveRefusal =
        """
        INSERT INTO device_refusals(device_id, code, hour, refused, last_at, detail) VALUES($id, $code, $hour, $refused, $last, $detail)
        ON CONFLICT(device_id, code, hour) DO UPDATE SET
            refused = refused + excluded.refused,
            detail = CASE WHEN excluded.last_at >= last_at THEN excluded.detail ELSE detail END,
            last_at = max(last_at, excluded.last_at)
        """;

    public async Task SaveAsync(IReadOnlyCollection<RefusalDelta> refusals, IReadOnlyCollection<DeviceContact> contacts, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (refusals.Count > 0)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SaveRefusal;
            var (id, code, hour, refused, last, detail) = (Add(command, "$id"), Add(command, "$code"), Add(command, "$hour"),
                Add(command, "$refused"), Add(command, "$last"), Add(command, "$detail"));
            foreach (var delta in refusals)
            {
                (id.Value, code.Value, hour.Value, refused.Value, last.Value, detail.Value) =
                    (delta.DeviceId, delta.Code, delta.Hour, delta.Count, delta.Last.ToUnixTimeMilliseconds(), delta.Detail);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (contacts.Count > 0)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = SaveContact;
            var parameters = new[] { "$id", "$connect", "$disconnect", "$upload", "$refused", "$offset", "$measured", "$synced" }
                .Select(name => Add(command, name)).ToArray();
            foreach (var contact in contacts)
            {
                object?[] values =
                [
                    contact.DeviceId, Millis(contact.LastConnect), Millis(contact.LastDisconnect), Millis(contact.LastUpload),
                    Millis(contact.LastRefused), contact.ClockOffsetSeconds, Millis(contact.ClockMeasuredAt), Millis(contact.TimeSyncedAt),
                ];
                for (var i = 0; i < values.Length; i++)
                {
                    parameters[i].Value = values[i] ?? DBNull.Value;
                }

                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RefusalDelta>> RefusalsAsync(IReadOnlyCollection<long> deviceIds, long sinceHour, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT device_id, code, hour, refused, last_at, detail FROM device_refusals " +
            "WHERE device_id IN (SELECT value FROM json_each($ids)) AND hour >= $since";
        command.Parameters.AddWithValue("$ids", JsonArray(deviceIds));
        command.Parameters.AddWithValue("$since", sinceHour);
        var rows = new List<RefusalDelta>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new RefusalDelta(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), reader.GetString(5)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<DeviceContact>> ContactsAsync(IReadOnlyCollection<long> deviceIds, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT device_id, last_connect, last_disconnect, last_upload, last_refused, clock_offset, clock_measured_at, time_synced_at " +
            "FROM device_contacts WHERE device_id IN (SELECT value FROM json_each($ids))";
        command.Parameters.AddWithValue("$ids", JsonArray(deviceIds));
        var rows = new List<DeviceContact>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new DeviceContact(reader.GetInt64(0), Time(reader, 1), Time(reader, 2), Time(reader, 3), Time(reader, 4),
                reader.IsDBNull(5) ? null : reader.GetDouble(5), Time(reader, 6), Time(reader, 7)));
        }

        return rows;
    }

    public async Task<int> DeleteRefusalsBeforeAsync(long hour, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM device_refusals WHERE hour < $hour";
        command.Parameters.AddWithValue("$hour", hour);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<(IReadOnlyList<LineRange> Ranges, bool EarlierRanges)> RangesAsync(
        long deviceId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT boot_id, first_line, lines, received_at, dropped_buffer, dropped_spool, dropped_shutdown FROM line_ranges " +
            "WHERE device_id = $device AND boot_id IN " +
            "(SELECT DISTINCT boot_id FROM line_ranges WHERE device_id = $device AND received_at >= $since) " +
            "ORDER BY boot_id, first_line";
        command.Parameters.AddWithValue("$device", deviceId);
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        var ranges = new List<LineRange>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ranges.Add(new LineRange(reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
            }
        }

        command.Parameters.Clear();
        command.CommandText = "SELECT EXISTS(SELECT 1 FROM line_ranges WHERE device_id = $device AND received_at < $since)";
        command.Parameters.AddWithValue("$device", deviceId);
        command.Parameters.AddWithValue("$since", ranges.Count == 0 ? since.ToUnixTimeMilliseconds() : ranges.Min(r => r.ReceivedAt).ToUnixTimeMilliseconds());
        var earlier = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture) == 1;
        return (ranges, earlier);
    }

    // The type of each value decides how it is bound.
    private static SqliteParameter Add(SqliteCommand command, string name) => command.Parameters.Add(new SqliteParameter { ParameterName = name });

    // Any number of ids in one parameter, read back with json_each: no statement per id, no limit on parameters.
    private static string JsonArray(IEnumerable<long> ids) => "[" + string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]";

    private static long? Millis(DateTimeOffset? at) => at?.ToUnixTimeMilliseconds();

    private static DateTimeOffset? Time(SqliteDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(column));
}
