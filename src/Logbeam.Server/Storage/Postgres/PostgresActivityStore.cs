using Logbeam.Server.Accounting;
using Npgsql;
using NpgsqlTypes;

namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// <see cref="IDeviceActivityStore"/> on PostgreSQL, shared by every node: each node adds the counts it saw, and the
/// later of each contact time wins, so nodes writing at once neither lose nor double anything. One statement per kind,
/// the rows passed as arrays.
/// </summary>
public sealed class PostgresActivityStore(PostgresDatabase database) : IDeviceActivityStore, ILineRangeStore
{
    private const string SaveRefusals =
        """
        INSERT INTO device_refusals(device_id, code, hour, refused, last_at, detail)
        SELECT * FROM unnest(@ids, @codes, @hours, @counts, @lasts, @details)
        ON CONFLICT (device_id, code, hour) DO UPDATE SET
            refused = device_refusals.refused + excluded.refused,
            detail = CASE WHEN excluded.last_at >= device_refusals.last_at THEN excluded.detail ELSE device_refusals.detail END,
            last_at = greatest(device_refusals.last_at, excluded.last_at)
        """;

    // greatest() ignores nulls: each time keeps the later of the stored and the new.
    private const string SaveContacts =
        """
        INSERT INTO device_contacts(device_id, last_connect, last_disconnect, last_upload, last_refused, clock_offset, clock_measured_at, time_synced_at)
        SELECT * FROM unnest(@ids, @connects, @disconnects, @uploads, @refused, @offsets, @measured, @synced)
        ON CONFLICT (device_id) DO UPDATE SET
            last_connect = greatest(device_contacts.last_connect, excluded.last_connect),
            last_disconnect = greatest(device_contacts.last_disconnect, excluded.last_disconnect),
            last_upload = greatest(device_contacts.last_upload, excluded.last_upload),
            last_refused = greatest(device_contacts.last_refused, excluded.last_refused),
            clock_offset = CASE WHEN excluded.clock_measured_at >= coalesce(device_contacts.clock_measured_at, '-infinity')
                THEN excluded.clock_offset ELSE device_contacts.clock_offset END,
            clock_measured_at = greatest(device_contacts.clock_measured_at, excluded.clock_measured_at),
            time_synced_at = greatest(device_contacts.time_synced_at, excluded.time_synced_at)
        """;

    public async Task SaveAsync(IReadOnlyCollection<RefusalDelta> refusals, IReadOnlyCollection<DeviceContact> contacts, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        if (refusals.Count > 0)
        {
            await using var command = new NpgsqlCommand(SaveRefusals, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<long[]>("ids", refusals.Select(r => r.DeviceId).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<string[]>("codes", refusals.Select(r => r.Code).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<long[]>("hours", refusals.Select(r => r.Hour).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<long[]>("counts", refusals.Select(r => r.Count).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<DateTime[]>("lasts", refusals.Select(r => r.Last.UtcDateTime).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<string[]>("details", refusals.Select(r => r.Detail).ToArray()));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        if (contacts.Count > 0)
        {
            await using var command = new NpgsqlCommand(SaveContacts, connection, transaction);
            command.Parameters.Add(new NpgsqlParameter<long[]>("ids", contacts.Select(c => c.DeviceId).ToArray()));
            Times(command, "connects", contacts.Select(c => c.LastConnect));
            Times(command, "disconnects", contacts.Select(c => c.LastDisconnect));
            Times(command, "uploads", contacts.Select(c => c.LastUpload));
            Times(command, "refused", contacts.Select(c => c.LastRefused));
            command.Parameters.Add(new NpgsqlParameter("offsets", NpgsqlDbType.Array | NpgsqlDbType.Double)
            {
                Value = contacts.Select(c => c.ClockOffsetSeconds is { } offset ? (object)offset : DBNull.Value).ToArray(),
            });
            Times(command, "measured", contacts.Select(c => c.ClockMeasuredAt));
            Times(command, "synced", contacts.Select(c => c.TimeSyncedAt));
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<RefusalDelta>> RefusalsAsync(IReadOnlyCollection<long> deviceIds, long sinceHour, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT device_id, code, hour, refused, last_at, detail FROM device_refusals WHERE device_id = ANY(@ids) AND hour >= @since");
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. deviceIds]));
        command.Parameters.Add(new NpgsqlParameter<long>("since", sinceHour));
        var rows = new List<RefusalDelta>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new RefusalDelta(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<DeviceContact>> ContactsAsync(IReadOnlyCollection<long> deviceIds, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand(
            "SELECT device_id, last_connect, last_disconnect, last_upload, last_refused, clock_offset, clock_measured_at, time_synced_at " +
            "FROM device_contacts WHERE device_id = ANY(@ids)");
        command.Parameters.Add(new NpgsqlParameter<long[]>("ids", [.. deviceIds]));
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
        await using var command = database.DataSource.CreateCommand("DELETE FROM device_refusals WHERE hour < @hour");
        command.Parameters.Add(new NpgsqlParameter<long>("hour", hour));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<(IReadOnlyList<LineRange> Ranges, bool EarlierRanges)> RangesAsync(
        long deviceId, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var ranges = new List<LineRange>();
        await using (var command = database.DataSource.CreateCommand(
            "SELECT boot_id, first_line, lines, received_at, dropped_buffer, dropped_spool, dropped_shutdown FROM line_ranges " +
            "WHERE device_id = @device AND boot_id IN " +
            "(SELECT DISTINCT boot_id FROM line_ranges WHERE device_id = @device AND received_at >= @since) " +
            "ORDER BY boot_id, first_line"))
        {
            command.Parameters.Add(new NpgsqlParameter<long>("device", deviceId));
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("since", since.ToUniversalTime()));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                ranges.Add(new LineRange(reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2),
                    reader.GetFieldValue<DateTimeOffset>(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
            }
        }

        await using var earlier = database.DataSource.CreateCommand(
            "SELECT EXISTS(SELECT 1 FROM line_ranges WHERE device_id = @device AND received_at < @before)");
        earlier.Parameters.Add(new NpgsqlParameter<long>("device", deviceId));
        earlier.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("before", (ranges.Count == 0 ? since : ranges.Min(r => r.ReceivedAt)).ToUniversalTime()));
        return (ranges, (bool)(await earlier.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!);
    }

    private static void Times(NpgsqlCommand command, string name, IEnumerable<DateTimeOffset?> times) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = times.Select(t => t is { } at ? (object)at.UtcDateTime : DBNull.Value).ToArray(),
        });

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int column) =>
        reader.IsDBNull(column) ? null : reader.GetFieldValue<DateTimeOffset>(column);
}
