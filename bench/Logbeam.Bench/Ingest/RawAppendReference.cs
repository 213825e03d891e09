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
/// connections, so this is the best case for the server.
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
            using var store = new SqliteLogStore(database);
            var group = new List<LogBatch>(batchesPerCommit);
            var next = 0;
            long lines = 0, commits = 0;
            var commitTimes = new List<long>();
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
                lines += await store.AppendAsync(group, CancellationToken.None).ConfigureAwait(false);
                commits++;
                if (measuring)
                {
                    commitTimes.Add(Stopwatch.GetTimestamp() - started);
                }
            }

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
}
