using System.Diagnostics;
using System.Globalization;
using Logbeam.Bench.Common;
using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Sqlite;
using Microsoft.Extensions.Options;

namespace Logbeam.Bench.Query;

/// <summary>
/// <c>query</c>: p50/p99 of four queries through <see cref="SqliteLogStore.QueryAsync"/> on a preloaded store, beside
/// the same SQL in the <c>sqlite3</c> shell on the same file.
/// </summary>
internal static class QueryScenario
{
    private const int Warmup = 5;

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var lines = args.Long("lines", 10_000_000);
        var devices = args.Int("devices", 10_000);
        var seed = args.Int("seed", 42);
        var iterations = args.Int("iterations", 200);
        var directory = QueryStore.Ensure(lines, devices, seed);

        var database = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = directory }));
        database.Initialize();
        using var store = new SqliteLogStore(database);
        var shellVersion = SqliteShellReference.Version();
        Console.WriteLine($"query: {lines:N0} lines, {devices:N0} devices, {iterations} iterations each; sqlite3 shell {shellVersion}; {Machine.Summary}");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var queryCase in QueryCase.All(iterations + Warmup, devices, seed))
        {
            var times = new List<double>();
            var returned = 0L;
            for (var i = 0; i < queryCase.Iterations.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var records = await store.QueryAsync(queryCase.Iterations[i], CancellationToken.None).ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                if (i >= Warmup)
                {
                    times.Add(elapsed);
                    returned += records.Count;
                }
            }

            var sorted = times.Order().ToArray();
            var shell = SqliteShellReference.Time(database.FilePath, database.IndexFilePath, queryCase.Iterations, Warmup)?.Order().ToArray();
            var p50 = Percentiles.Of(sorted, 50);
            var p99 = Percentiles.Of(sorted, 99);
            var shellP50 = shell is null ? double.NaN : Percentiles.Of(shell, 50);
            var shellP99 = shell is null ? double.NaN : Percentiles.Of(shell, 99);
            Console.WriteLine($"  {queryCase.Name,-48} p50 {p50,8:F2} ms  p99 {p99,8:F2} ms  rows/query {returned / (double)iterations,5:F0}" +
                $"   sqlite3 p50 {shellP50,8:F2} ms p99 {shellP99,8:F2} ms   ratio p50 {p50 / shellP50:F2}x");
            rows.Add(
            [
                ResultsFile.Now, Machine.Commit, Machine.Summary, lines.ToString("N0", CultureInfo.InvariantCulture),
                devices.ToString("N0", CultureInfo.InvariantCulture), queryCase.Name,
                Ms(p50), Ms(p99), (returned / (double)iterations).ToString("F0", CultureInfo.InvariantCulture),
                Ms(shellP50), Ms(shellP99), $"{p50 / shellP50:F2}x", $"{p99 / shellP99:F2}x", shellVersion,
            ]);
        }

        var path = ResultsFile.Append(
            "query",
            "query — SqliteLogStore.QueryAsync on a preloaded store (bench/README.md)",
            ["date", "commit", "machine", "lines", "devices", "query", "p50 ms", "p99 ms", "rows", "sqlite3 p50 ms", "sqlite3 p99 ms", "p50 ÷ sqlite3", "p99 ÷ sqlite3", "sqlite3"],
            rows);
        Console.WriteLine($"appended to {path}");
        return 0;
    }

    private static string Ms(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
