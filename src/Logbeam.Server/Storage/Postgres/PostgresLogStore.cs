using Npgsql;
using NpgsqlTypes;

namespace Logbeam.Server.Storage.Postgres;

/// <summary>
/// <see cref="ILogStore"/> on PostgreSQL. A group commit is one transaction: the batch ids in one <c>unnest</c> insert
/// (the exactly-once check, shared by every node), then every line in one binary <c>COPY</c>, then a
/// <c>NOTIFY</c> so that the other nodes' live tails wake.
/// </summary>
public sealed class PostgresLogStore(PostgresDatabase database) : ILogStore, IDisposable
{
    private const string Copy =
        "COPY lines(device_id, level, device_time, received_at, tag, text, request_id) FROM STDIN (FORMAT BINARY)";

    private readonly SemaphoreSlim _appendLock = new(1, 1);

    public async Task<int> AppendAsync(IReadOnlyList<LogBatch> batches, CancellationToken cancellationToken)
    {
        await _appendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var day in batches.Select(b => PostgresPartitions.DayOf(b.ReceivedAt)).Distinct())
            {
                await database.Partitions.EnsureAsync(day, cancellationToken).ConfigureAwait(false);
            }

            try
            {
                return await AppendOnceAsync(batches, cancellationToken).ConfigureAwait(false);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.CheckViolation && ex.TableName == "lines")
            {
                // "no partition of relation found": another node dropped a day this one thought was there.
                database.Partitions.Forget();
                foreach (var day in batches.Select(b => PostgresPartitions.DayOf(b.ReceivedAt)).Distinct())
                {
                    await database.Partitions.EnsureAsync(day, cancellationToken).ConfigureAwait(false);
                }

                return await AppendOnceAsync(batches, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _appendLock.Release();
        }
    }

    public async Task<IReadOnlyList<MinuteLevelCount>> CountPerMinuteAsync(
        string productId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var counts = new List<MinuteLevelCount>();
        await foreach (var (minute, level, count) in CountAsync<long>(
            $"SELECT floor(extract(epoch FROM l.received_at) * 1000 / {MinuteLevelCount.MillisecondsPerMinute})::bigint AS minute, l.level, count(*) FROM lines l " +
            "WHERE l.received_at >= $2 AND l.received_at < $3 AND l.device_id IN (SELECT id FROM devices WHERE product_id = $1) " +
            "GROUP BY minute, l.level ORDER BY minute, l.level",
            productId, since, until, cancellationToken).ConfigureAwait(false))
        {
            counts.Add(new MinuteLevelCount(DateTimeOffset.FromUnixTimeMilliseconds(minute * MinuteLevelCount.MillisecondsPerMinute), level, count));
        }

        return counts;
    }

    public async Task<IReadOnlyList<DeviceLevelCount>> CountPerDeviceAsync(
        string productId, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var counts = new List<DeviceLevelCount>();
        await foreach (var (name, level, count) in CountAsync<string>(
            "SELECT d.device_name, l.level, count(*) FROM lines l JOIN devices d ON d.id = l.device_id " +
            "WHERE l.received_at >= $2 AND l.received_at < $3 AND d.product_id = $1 " +
            "GROUP BY d.device_name, l.level ORDER BY d.device_name COLLATE \"C\", l.level",
            productId, since, until, cancellationToken).ConfigureAwait(false))
        {
            counts.Add(new DeviceLevelCount(name, level, count));
        }

        return counts;
    }

    private async IAsyncEnumerable<(TKey Key, Protocol.DeviceLogLevel Level, long Count)> CountAsync<TKey>(
        string sql, string productId, DateTimeOffset since, DateTimeOffset until,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = productId });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = StoredTime.Millisecond(since) });
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = StoredTime.Millisecond(until) });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return (reader.GetFieldValue<TKey>(0), (Protocol.DeviceLogLevel)reader.GetInt16(1), reader.GetInt64(2));
        }
    }

    public async Task<IReadOnlyList<LogRecord>> QueryAsync(LogQuery query, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        if (!await PostgresLogQuery.BindAsync(command, query, cancellationToken).ConfigureAwait(false))
        {
            return [];
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var records = new List<LogRecord>(LogQuery.PreallocatedRecords(query.Limit));
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            records.Add(PostgresLogQuery.Read(reader));
        }

        return records;
    }

    public void Dispose() => _appendLock.Dispose();

    private async Task<int> AppendOnceAsync(IReadOnlyList<LogBatch> batches, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Ids are drawn and committed under one lock across all nodes, so they grow in commit order (see PostgresSchema).
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({PostgresSchema.AppendLock})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        var accepted = await ClaimBatchIdsAsync(connection, transaction, batches, cancellationToken).ConfigureAwait(false);
        var written = 0;
        var ranges = new List<LogBatch>();
        await using (var import = await connection.BeginBinaryImportAsync(Copy, cancellationToken).ConfigureAwait(false))
        {
            foreach (var batch in batches)
            {
                if (batch.BatchId is { } batchId && !accepted.Remove((batch.DeviceId, StoredText.WithoutNul(batchId))))
                {
                    continue; // committed before, by any node, or earlier in this very commit
                }

                var receivedAt = StoredTime.Millisecond(batch.ReceivedAt);
                var requestId = Guid.Parse(batch.RequestId);
                foreach (var line in batch.Lines)
                {
                    // Rows are buffered by Npgsql and sent in large writes: the synchronous calls rarely touch the socket.
                    import.StartRow();
                    import.Write(batch.DeviceId, NpgsqlDbType.Bigint);
                    import.Write((short)line.Level, NpgsqlDbType.Smallint);
                    if (line.DeviceTime is { } deviceTime)
                    {
                        import.Write(StoredTime.Millisecond(DateTime.SpecifyKind(deviceTime, DateTimeKind.Unspecified)), NpgsqlDbType.Timestamp);
                    }
                    else
                    {
                        import.WriteNull();
                    }

                    import.Write(receivedAt, NpgsqlDbType.TimestampTz);
                    if (line.Tag is { } tag)
                    {
                        import.Write(StoredText.WithoutNul(tag), NpgsqlDbType.Text);
                    }
                    else
                    {
                        import.WriteNull();
                    }

                    import.Write(StoredText.WithoutNul(line.Content), NpgsqlDbType.Text);
                    import.Write(requestId, NpgsqlDbType.Uuid);
                }

                written += batch.Lines.Count;
                if (batch.Origin is not null)
                {
                    ranges.Add(batch);
                }
            }

            await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        if (ranges.Count > 0)
        {
            await InsertRangesAsync(connection, transaction, ranges, cancellationToken).ConfigureAwait(false);
        }

        if (written > 0)
        {
            await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @node)", connection, transaction);
            notify.Parameters.AddWithValue("channel", PostgresNotifications.CommitsChannel);
            notify.Parameters.AddWithValue("node", database.NodeId);
            await notify.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }

    /// <summary>Where the committed uploads that said so stand in their devices' streams of lines, in the same transaction.</summary>
    private static async Task InsertRangesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, List<LogBatch> batches, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "INSERT INTO line_ranges(device_id, boot_id, first_line, lines, received_at, dropped_buffer, dropped_spool, dropped_shutdown) " +
            "SELECT * FROM unnest(@devices, @boots, @firsts, @lines, @received, @buffer, @spool, @shutdown)",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]>("devices", [.. batches.Select(b => b.DeviceId)]));
        command.Parameters.Add(new NpgsqlParameter<string[]>("boots", [.. batches.Select(b => StoredText.WithoutNul(b.Origin!.BootId))]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("firsts", [.. batches.Select(b => b.Origin!.FirstLine)]));
        command.Parameters.Add(new NpgsqlParameter<int[]>("lines", [.. batches.Select(b => b.Lines.Count)]));
        command.Parameters.Add(new NpgsqlParameter<DateTime[]>("received", [.. batches.Select(b => StoredTime.Millisecond(b.ReceivedAt).UtcDateTime)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("buffer", [.. batches.Select(b => b.Origin!.DroppedBufferFull)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("spool", [.. batches.Select(b => b.Origin!.DroppedSpoolFull)]));
        command.Parameters.Add(new NpgsqlParameter<long[]>("shutdown", [.. batches.Select(b => b.Origin!.DroppedShutdown)]));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inserts every batch id of the commit at once; returns those that were new.</summary>
    private static async Task<HashSet<(long DeviceId, string BatchId)>> ClaimBatchIdsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<LogBatch> batches, CancellationToken cancellationToken)
    {
        var claimed = new HashSet<(long, string)>();
        var withIds = batches.Where(b => b.BatchId is not null).ToList();
        if (withIds.Count == 0)
        {
            return claimed;
        }

        await using var command = new NpgsqlCommand(
            "INSERT INTO batches(device_id, batch_id, received_at) SELECT * FROM unnest(@devices, @batches, @received) " +
            "ON CONFLICT DO NOTHING RETURNING device_id, batch_id",
            connection, transaction);
        command.Parameters.AddWithValue("devices", withIds.Select(b => b.DeviceId).ToArray());
        command.Parameters.AddWithValue("batches", withIds.Select(b => StoredText.WithoutNul(b.BatchId!)).ToArray());
        command.Parameters.AddWithValue("received", withIds.Select(b => StoredTime.Millisecond(b.ReceivedAt)).ToArray());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return claimed;
    }
}
