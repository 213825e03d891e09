using System.Diagnostics;
using Logbeam.Bench.Common;
using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Logbeam.Bench.Ingest;

/// <summary>
/// The storage ceiling on PostgreSQL: the same rows, parsed once up front, written in-process with a raw binary
/// <c>COPY</c> into a fresh database whose schema (table, day partitions, indexes) the server's own schema code made.
/// One transaction per group of one batch per connection, as the server's writer commits at best, on the same cluster
/// with the same durability; no HTTP, no signature, no queue, no batch-id check, no advisory lock, no notification.
/// </summary>
internal static class RawCopyReference
{
    private const string Copy =
        "COPY lines(device_id, level, device_time, received_at, tag, text, request_id) FROM STDIN (FORMAT BINARY)";

    /// <summary>Lines per second over the window, with the bench process's CPU and the cluster's CPU over the same window.</summary>
    public static async Task<(LoadResult Load, double PostgresCpuSeconds)> RunAsync(
        PostgresCluster cluster, DeviceUploads[] devices, int batchesPerCommit, TimeSpan warmup, TimeSpan duration)
    {
        var batches = ReferenceRows.Parse(devices);
        var connectionString = await cluster.CreateDatabaseAsync("raw").ConfigureAwait(false);
        try
        {
            // The schema and the partitions for today and the days ahead, exactly as a node makes them at start.
            var schema = new PostgresDatabase(
                Options.Create(new StorageOptions { Provider = "Postgres", ConnectionString = connectionString }), NullLoggerFactory.Instance);
            await schema.InitializeAsync(CancellationToken.None).ConfigureAwait(false);
            await schema.DisposeAsync().ConfigureAwait(false);

            await cluster.CheckpointAsync().ConfigureAwait(false);
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync().ConfigureAwait(false);
            var next = 0;
            long lines = 0, commits = 0;
            var commitTimes = new List<long>();
            var self = Process.GetCurrentProcess();
            var clock = Stopwatch.StartNew();
            var measuring = false;
            TimeSpan cpuBefore = default;
            double postgresBefore = 0;
            while (true)
            {
                if (!measuring && clock.Elapsed >= warmup)
                {
                    measuring = true;
                    lines = 0;
                    commits = 0;
                    self.Refresh();
                    cpuBefore = self.TotalProcessorTime;
                    postgresBefore = BenchPostgres.CpuSeconds(cluster);
                    clock.Restart();
                }
                else if (measuring && clock.Elapsed >= duration)
                {
                    break;
                }

                var started = Stopwatch.GetTimestamp();
                var receivedAt = DateTimeOffset.UtcNow;
                await using (var transaction = await connection.BeginTransactionAsync().ConfigureAwait(false))
                {
                    await using (var import = await connection.BeginBinaryImportAsync(Copy).ConfigureAwait(false))
                    {
                        for (var i = 0; i < batchesPerCommit; i++)
                        {
                            var (deviceId, batchLines) = batches[next];
                            next = (next + 1) % batches.Count;
                            var requestId = Guid.NewGuid();
                            foreach (var line in batchLines)
                            {
                                import.StartRow();
                                import.Write(deviceId, NpgsqlDbType.Bigint);
                                import.Write((short)line.Level, NpgsqlDbType.Smallint);
                                if (line.DeviceTime is { } deviceTime)
                                {
                                    import.Write(DateTime.SpecifyKind(deviceTime, DateTimeKind.Unspecified), NpgsqlDbType.Timestamp);
                                }
                                else
                                {
                                    import.WriteNull();
                                }

                                import.Write(receivedAt, NpgsqlDbType.TimestampTz);
                                if (line.Tag is { } tag)
                                {
                                    import.Write(tag, NpgsqlDbType.Text);
                                }
                                else
                                {
                                    import.WriteNull();
                                }

                                import.Write(line.Content, NpgsqlDbType.Text);
                                import.Write(requestId, NpgsqlDbType.Uuid);
                            }

                            lines += batchLines.Count;
                        }

                        await import.CompleteAsync().ConfigureAwait(false);
                    }

                    await transaction.CommitAsync().ConfigureAwait(false);
                }

                commits++;
                if (measuring)
                {
                    commitTimes.Add(Stopwatch.GetTimestamp() - started);
                }
            }

            var seconds = clock.Elapsed.TotalSeconds;
            var postgresCpu = BenchPostgres.CpuSeconds(cluster) - postgresBefore;
            self.Refresh();
            var latencies = commitTimes.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
            var load = new LoadResult(
                seconds, commits, 0, lines,
                Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), latencies.Length > 0 ? latencies[^1] : double.NaN,
                (self.TotalProcessorTime - cpuBefore).TotalSeconds, null);
            return (load, postgresCpu);
        }
        finally
        {
            await cluster.DropDatabaseAsync(connectionString).ConfigureAwait(false);
        }
    }
}
