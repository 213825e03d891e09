using System.Globalization;
using Logbeam.Bench.Common;

namespace Logbeam.Bench.Ingest;

/// <summary>
/// <c>ingest</c>: the real server against its two references in one run, for each batch size:
/// (a) bare Kestrel with the same client, connections and bodies, (b) the raw store append of the same rows.
/// <c>--store postgres</c> runs the same on PostgreSQL (<see cref="PostgresIngestScenario"/>).
/// </summary>
internal static class IngestScenario
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        var store = args.String("store", "sqlite");
        if (store.Equals("postgres", StringComparison.OrdinalIgnoreCase))
        {
            return await PostgresIngestScenario.RunAsync(args).ConfigureAwait(false);
        }

        if (!store.Equals("sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"--store {store} is not known; use sqlite (the default) or postgres.");
        }

        var devices = args.Int("devices", 1000);
        var connections = args.Int("connections", 128);
        var batchSizes = args.Ints("batches", [1, 50]);
        var warmup = TimeSpan.FromSeconds(args.Int("warmup", 10));
        var duration = TimeSpan.FromSeconds(args.Int("duration", 20));
        var lineBytes = args.Int("line-bytes", 100);
        var synchronous = args.String("synchronous", "Full");
        var serverDll = Path.Combine(Machine.RepoRoot, "src", "Logbeam.Server", "bin", "Release", "net10.0", "Logbeam.Server.dll");
        var benchDll = typeof(IngestScenario).Assembly.Location;

        Console.WriteLine($"ingest: {devices} devices, {connections} connections, batches {string.Join(",", batchSizes)}, " +
            $"warm-up {warmup.TotalSeconds} s + {duration.TotalSeconds} s each, synchronous={synchronous}; {Machine.Summary}");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var batch in batchSizes)
        {
            var fleet = DeviceUploads.Create(devices, batch, lineBytes, bodiesPerDevice: 4, seed: 42);

            Console.WriteLine($"[{batch} line(s)/request] bare Kestrel ...");
            var (bare, bareServer) = await RunAgainstAsync(benchDll, ["bare-kestrel"], fleet, batch, connections, warmup, duration, register: null).ConfigureAwait(false);
            Print("bare Kestrel", bare, bareServer);

            Console.WriteLine($"[{batch} line(s)/request] Logbeam ...");
            var adminKey = "bench-" + Guid.NewGuid().ToString("N");
            var dataDirectory = Directory.CreateTempSubdirectory("logbeam-bench-server-");
            ServerFigures logbeamServer;
            LoadResult logbeam;
            try
            {
                (logbeam, logbeamServer) = await RunAgainstAsync(
                    serverDll,
                    ["--Storage:DataDirectory", dataDirectory.FullName, "--Api:AdminKey", adminKey, "--Storage:Synchronous", synchronous],
                    fleet, batch, connections, warmup, duration,
                    register: port => DeviceFleet.RegisterAsync(port, adminKey, fleet)).ConfigureAwait(false);
            }
            finally
            {
                dataDirectory.Delete(recursive: true);
            }

            Print("Logbeam", logbeam, logbeamServer);

            Console.WriteLine($"[{batch} line(s)/request] raw append, {connections} batches per commit ...");
            var raw = await RawAppendReference.RunAsync(fleet, connections, warmup / 2, duration, synchronous).ConfigureAwait(false);
            Console.WriteLine($"  raw append     {raw.LinesPerSecond,10:N0} lines/s  commit p50 {raw.P50Ms:F2} ms p99 {raw.P99Ms:F2} ms  CPU {raw.LoadGeneratorCpuSeconds:F1} s");

            var httpRatio = logbeam.RequestsPerSecond / bare.RequestsPerSecond;
            var storeRatio = logbeam.LinesPerSecond / raw.LinesPerSecond;
            Console.WriteLine($"  => requests/s {httpRatio:P0} of bare Kestrel; durable lines/s {storeRatio:P0} of raw append");
            rows.Add(
            [
                ResultsFile.Now, Machine.Commit, Machine.Summary, F(batch), F(devices), F(connections), synchronous,
                F(logbeam.RequestsPerSecond), F(logbeam.LinesPerSecond), Ms(logbeam.P50Ms), Ms(logbeam.P99Ms), Ms(logbeam.MaxMs),
                $"{logbeamServer.CpuSeconds:F1}", $"{logbeamServer.PeakRssMiB:F0}", $"{logbeam.LoadGeneratorCpuSeconds:F1}",
                F(bare.RequestsPerSecond), Ms(bare.P99Ms), $"{bareServer.CpuSeconds:F1}", $"{bare.LoadGeneratorCpuSeconds:F1}",
                F(raw.LinesPerSecond), $"{raw.LoadGeneratorCpuSeconds:F1}",
                $"{httpRatio:P0}", $"{storeRatio:P0}", F(logbeam.Failed + bare.Failed),
            ]);
        }

        var path = ResultsFile.Append(
            "ingest",
            "ingest — signed POST /device/reportlog (bench/README.md)",
            [
                "date", "commit", "machine", "lines/req", "devices", "conns", "sync",
                "req/s", "durable lines/s", "p50 ms", "p99 ms", "max ms", "server CPU s", "server peak RSS MiB", "loadgen CPU s",
                "bare Kestrel req/s", "bare p99 ms", "bare server CPU s", "bare loadgen CPU s",
                "raw append lines/s", "raw append CPU s",
                "req/s ÷ bare", "lines/s ÷ raw", "failed",
            ],
            rows);
        Console.WriteLine($"appended to {path}");
        return 0;
    }

    /// <summary>
    /// Starts <paramref name="dll"/>, registers the fleet if asked, and drives it; with <paramref name="databaseCpu"/>, also
    /// reads the CPU seconds of an out-of-process database over the same window.
    /// </summary>
    internal static async Task<(LoadResult Load, ServerFigures Server)> RunAgainstAsync(
        string dll, string[] arguments, DeviceUploads[] fleet, int batch, int connections, TimeSpan warmup, TimeSpan duration, Func<int, Task>? register,
        Func<double>? databaseCpu = null)
    {
        using var server = await ServerProcess.StartAsync(dll, arguments).ConfigureAwait(false);
        if (register is not null)
        {
            await register(server.Port).ConfigureAwait(false);
        }

        double cpuBefore = 0, databaseBefore = 0;
        var commitsBefore = register is null ? 0 : await CommitCountAsync(server.Port).ConfigureAwait(false);
        var generator = new LoadGenerator(server.Port, fleet, batch, connections);
        var load = await generator.RunAsync(warmup, duration, () =>
        {
            cpuBefore = ProcStat.CpuSeconds(server.Pid);
            databaseBefore = databaseCpu?.Invoke() ?? 0;
        }).ConfigureAwait(false);
        var database = databaseCpu is null ? double.NaN : databaseCpu() - databaseBefore;
        if (register is not null)
        {
            // Warm-up commits included: a diagnostic of group size, not a measured figure.
            var commits = await CommitCountAsync(server.Port).ConfigureAwait(false) - commitsBefore;
            Console.WriteLine($"  group commits: {commits:N0} over warm-up and measurement, about {load.LinesPerSecond * load.Seconds / Math.Max(commits * duration / (warmup + duration), 1):N0} lines each");
        }

        // The CPU window closes when the generator stops measuring; the few in-flight requests after it are noise.
        var cpu = ProcStat.CpuSeconds(server.Pid) - cpuBefore;
        var rss = ProcStat.PeakRssMiB(server.Pid);
        if (load.FirstFailure is not null)
        {
            Console.WriteLine($"  first failure: {load.FirstFailure}");
        }

        return (load, new ServerFigures(cpu, rss, database));
    }

    internal static async Task<double> CommitCountAsync(int port)
    {
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics")).ConfigureAwait(false);
        var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("logbeam_writer_commit_seconds_count ", StringComparison.Ordinal));
        return line is null ? 0 : double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    internal static void Print(string name, LoadResult load, ServerFigures server) =>
        Console.WriteLine(
            $"  {name,-14} {load.RequestsPerSecond,10:N0} req/s {load.LinesPerSecond,10:N0} lines/s  p50 {load.P50Ms:F2} ms p99 {load.P99Ms:F2} ms max {load.MaxMs:F1} ms" +
            $"  server CPU {server.CpuSeconds:F1} s" + (double.IsNaN(server.DatabaseCpuSeconds) ? string.Empty : $" database CPU {server.DatabaseCpuSeconds:F1} s") +
            $" RSS {server.PeakRssMiB:F0} MiB  loadgen CPU {load.LoadGeneratorCpuSeconds:F1} s  failed {load.Failed}");

    internal static string F(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Ms(double value) => value.ToString("F2", CultureInfo.InvariantCulture);

    /// <summary>The server's CPU seconds and peak RSS over the window; the database's CPU seconds when it runs apart (NaN otherwise).</summary>
    internal readonly record struct ServerFigures(double CpuSeconds, double PeakRssMiB, double DatabaseCpuSeconds);
}
