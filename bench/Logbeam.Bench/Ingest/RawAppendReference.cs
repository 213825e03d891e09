using System.Diagnostics;
using Logbeam.Protocol;
using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Logbeam.Bench.Ingest;

/// <summary>
/// The storage ceiling: the same rows, parsed once up front, appended in-process through the server's own
/// <see cref="SqliteLogStore"/> (same schema, indexes, pragmas and durability) with no HTTP, no signature and no queue.
/// Each commit holds one batch per connection, the largest group the server's writer can see with that many
/// connections, so this is the best case for the server. Like the server's writer, it builds the next group while
/// the last commit is synced (<see cref="LogCommit.Durable"/>), and counts a group only once it is durable.
/// </summary>
internal static class RawAppendReference
{
    public static async Task<LoadResult> RunAsync(DeviceUploads[] devices, int batchesPerCommit, TimeSpan warmup, TimeSpan duration, string synchronous)
    {
        var batches = new List<(long DeviceId, List<LogLine> Lines)>();
        for (var d = 0; d < devices.Length; d++)
        {
            foreach (var body in devices[d].Bodies)
            {
                if (!ReportLogBody.TryParse(body, 8192, out var parsed, out var error))
                {
                    throw new InvalidOperationException($"Generated body does not parse: {error}");
                }

                batches.Add((d + 1, parsed!.Lines));
            }
        }

        var directory = Directory.CreateTempSubdirectory("logbeam-bench-raw-");
        try
        {
            var database = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = directory.FullName, Synchronous = synchronous }));
            database.Initialize();
            using var store = new SqliteLogStore(database);
            var group = new List<LogBatch>(batchesPerCommit);
            var next = 0;
            long lines = 0, commits = 0;
            var commitTimes = new List<long>();
            Task syncing = Task.CompletedTask;
            var self = Process.GetCurrentProcess();
            var clock = Stopwatch.StartNew();
            var measuring = false;
            TimeSpan cpuBefore = default;
            while (true)
            {
                if (!measuring && clock.Elapsed >= warmup)
                {
                    measuring = true;
                    lines = 0;
                    commits = 0;
                    self.Refresh();
                    cpuBefore = self.TotalProcessorTime;
                    clock.Restart();
                }
                else if (measuring && clock.Elapsed >= duration)
                {
                    break;
                }

                group.Clear();
                for (var i = 0; i < batchesPerCommit; i++)
                {
                    var (deviceId, batchLines) = batches[next];
                    next = (next + 1) % batches.Count;
                    group.Add(new LogBatch(deviceId, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, null, batchLines));
                }

                var started = Stopwatch.GetTimestamp();
                LogCommit commit;
                await using (var append = await store.BeginAppendAsync(CancellationToken.None).ConfigureAwait(false))
                {
                    foreach (var batch in group)
                    {
                        await append.AddAsync(batch, CancellationToken.None).ConfigureAwait(false);
                    }

                    commit = await append.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                }

                // One sync in flight at most, as the writer's commits are synced one after another.
                await syncing.ConfigureAwait(false);
                syncing = DurableAsync(commit, started, measuring ? commitTimes : null);
                lines += commit.Lines;
                commits++;
            }

            await syncing.ConfigureAwait(false);

            var seconds = clock.Elapsed.TotalSeconds;
            self.Refresh();
            var latencies = commitTimes.Select(t => t * 1000.0 / Stopwatch.Frequency).Order().ToArray();
            return new LoadResult(
                seconds, commits, 0, lines,
                Common.Percentiles.Of(latencies, 50), Common.Percentiles.Of(latencies, 99), latencies.Length > 0 ? latencies[^1] : double.NaN,
                (self.TotalProcessorTime - cpuBefore).TotalSeconds, null);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    // Records how long the group took from its first row to durable.
    private static async Task DurableAsync(LogCommit commit, long started, List<long>? commitTimes)
    {
        await commit.Durable.ConfigureAwait(false);
        commitTimes?.Add(Stopwatch.GetTimestamp() - started);
    }
}
