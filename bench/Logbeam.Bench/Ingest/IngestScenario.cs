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
    /// <summary>Uploads are HTTP only: the broker's ports stay closed, so the run neither needs nor collides with 1883/8883.</summary>
    internal static readonly string[] BrokerOff = ["--Mqtt:Port", "-1", "--Mqtt:TlsPort", "-1"];

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
        var connections = Connections(args, devices);
        var batchSizes = args.Ints("batches", [1, 50]);
        var rounds = args.Int("rounds", 3);
        var warmup = TimeSpan.FromSeconds(args.Int("warmup", 10));
        var duration = TimeSpan.FromSeconds(args.Int("duration", 20));
        var lineBytes = args.Int("line-bytes", 100);
        var synchronous = args.String("synchronous", "Full");
        // The bench measures the Release build, whatever the bench itself was built as.
        var serverDll = BuildOutput.Dll("Logbeam.Server", "Release");
        var benchDll = typeof(IngestScenario).Assembly.Location;
        if (rounds < 1)
        {
            throw new ArgumentException("--rounds must be at least 1.");
        }

        Console.WriteLine($"ingest: {devices} devices, {connections} connections, batches {string.Join(",", batchSizes)}, {rounds} round(s), " +
            $"warm-up {warmup.TotalSeconds} s + {duration.TotalSeconds} s each, synchronous={synchronous}; {Machine.Summary}");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var batch in batchSizes)
        {
            var fleet = DeviceUploads.Create(devices, batch, lineBytes, bodiesPerDevice: 4, seed: 42);
            string[] settings = [F(batch), F(devices), F(connections), synchronous];
            var measured = new List<Round>();
            for (var round = 1; round <= rounds; round++)
            {
                // Each round measures Logbeam between its two references, so that the ratios compare figures taken
                // minutes apart at most, on a machine whose speed drifts (bench.md).
                var name = $"[{batch} line(s)/request, round {round}/{rounds}]";
                Console.WriteLine($"{name} bare Kestrel ...");
                var (bare, bareServer) = await RunAgainstAsync(benchDll, ["bare-kestrel"], fleet, batch, connections, warmup, duration, register: null).ConfigureAwait(false);
                Print("bare Kestrel", bare, bareServer);

                Console.WriteLine($"{name} Logbeam ...");
                var adminKey = "bench-" + Guid.NewGuid().ToString("N");
                var dataDirectory = Directory.CreateTempSubdirectory("logbeam-bench-server-");
                ServerFigures logbeamServer;
                LoadResult logbeam;
                try
                {
                    (logbeam, logbeamServer) = await RunAgainstAsync(
                        serverDll,
                        [
                            "--Storage:DataDirectory", dataDirectory.FullName, "--Api:AdminKey", adminKey, "--Storage:Synchronous", synchronous,
                            .. BrokerOff,
                        ],
                        fleet, batch, connections, warmup, duration,
                        register: port => DeviceFleet.RegisterAsync(port, adminKey, fleet)).ConfigureAwait(false);
                }
                finally
                {
                    dataDirectory.Delete(recursive: true);
                }

                Print("Logbeam", logbeam, logbeamServer);

                Console.WriteLine($"{name} raw append, {connections} batches per commit ...");
                var raw = await RawAppendReference.RunAsync(fleet, connections, warmup / 2, duration, synchronous).ConfigureAwait(false);
                Console.WriteLine($"  raw append     {raw.LinesPerSecond,10:N0} lines/s  commit p50 {raw.P50Ms:F2} ms p99 {raw.P99Ms:F2} ms  CPU {raw.LoadGeneratorCpuSeconds:F1} s");

                var figures = new Round(logbeam, logbeamServer, bare, bareServer, raw);
                Console.WriteLine($"  => requests/s {figures.HttpRatio:P0} of bare Kestrel; durable lines/s {figures.StoreRatio:P0} of raw append");
                measured.Add(figures);
                rows.Add([ResultsFile.Now, Machine.Commit, Machine.Summary, .. settings, $"{round}/{rounds}", .. Columns.Select(c => c.Format(c.Value(figures)))]);
            }

            if (rounds > 1)
            {
                var median = Columns.Select(c => c.Format(c.Summed ? measured.Sum(c.Value) : Median(measured.Select(c.Value)))).ToList();
                Console.WriteLine($"[{batch} line(s)/request] median of {rounds} rounds: requests/s {Median(measured.Select(r => r.HttpRatio)):P0} of bare Kestrel " +
                    $"(rounds: {string.Join(", ", measured.Select(r => r.HttpRatio.ToString("P0", CultureInfo.InvariantCulture)))}); " +
                    $"durable lines/s {Median(measured.Select(r => r.StoreRatio)):P0} of raw append " +
                    $"(rounds: {string.Join(", ", measured.Select(r => r.StoreRatio.ToString("P0", CultureInfo.InvariantCulture)))})");
                rows.Add([ResultsFile.Now, Machine.Commit, Machine.Summary, .. settings, $"median of {rounds}", .. median]);
            }
        }

        var path = ResultsFile.Append(
            "ingest",
            "ingest — signed POST /device/reportlog (bench/README.md)",
            ["date", "commit", "machine", "lines/req", "devices", "conns", "sync", "round", .. Columns.Select(c => c.Name)],
            rows,
            section: "SQLite, in rounds: bare Kestrel, Logbeam and raw append in each; a median row takes each column's median (failures summed)");
        Console.WriteLine($"appended to {path}");
        return 0;
    }

    /// <summary>The figures of a row, in order; the median row takes each one's median over the rounds, or the sum.</summary>
    private static readonly (string Name, Func<Round, double> Value, Func<double, string> Format, bool Summed)[] Columns =
    [
        ("req/s", r => r.Logbeam.RequestsPerSecond, F, false),
        ("durable lines/s", r => r.Logbeam.LinesPerSecond, F, false),
        ("p50 ms", r => r.Logbeam.P50Ms, Ms, false),
        ("p99 ms", r => r.Logbeam.P99Ms, Ms, false),
        ("max ms", r => r.Logbeam.MaxMs, Ms, false),
        ("server CPU s", r => r.LogbeamServer.CpuSeconds, F1, false),
        ("server peak RSS MiB", r => r.LogbeamServer.PeakRssMiB, F, false),
        ("loadgen CPU s", r => r.Logbeam.LoadGeneratorCpuSeconds, F1, false),
        ("bare Kestrel req/s", r => r.Bare.RequestsPerSecond, F, false),
        ("bare p99 ms", r => r.Bare.P99Ms, Ms, false),
        ("bare server CPU s", r => r.BareServer.CpuSeconds, F1, false),
        ("bare loadgen CPU s", r => r.Bare.LoadGeneratorCpuSeconds, F1, false),
        ("raw append lines/s", r => r.Raw.LinesPerSecond, F, false),
        ("raw append CPU s", r => r.Raw.LoadGeneratorCpuSeconds, F1, false),
        ("req/s ÷ bare", r => r.HttpRatio, P0, false),
        ("lines/s ÷ raw", r => r.StoreRatio, P0, false),
        ("failed", r => r.Logbeam.Failed + r.Bare.Failed, F, true),
    ];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>
    /// <c>--connections</c>, by default one keep-alive connection per device with one upload in flight on each, as a
    /// fleet uploads: every device is its own HTTP client. With fewer, each connection stands for several devices in turn.
    /// </summary>
    internal static int Connections(BenchArgs args, int devices) => args.Int("connections", devices);

    /// <summary>
    /// Starts <paramref name="dll"/>, registers the fleet if asked, and drives it; with <paramref name="databaseCpu"/>, also
    /// reads the CPU seconds of an out-of-process database over the same window.
    /// </summary>
    internal static async Task<(LoadResult Load, ServerFigures Server)> RunAgainstAsync(
        string dll, string[] arguments, DeviceUploads[] fleet, int batch, int connections, TimeSpan warmup, TimeSpan duration, Func<int, Task>? register,
        Func<double>? databaseCpu = null)
    {
        await using var server = await ServerProcess.StartProgramAsync(dll, arguments).ConfigureAwait(false);
        if (register is not null)
        {
            await register(server.Port).ConfigureAwait(false);
        }

        double cpuBefore = 0, databaseBefore = 0;
        var commitsBefore = register is null ? 0 : await CommitCountAsync(server.Port).ConfigureAwait(false);
        var generator = new LoadGenerator(server.Port, fleet, batch, connections);
        var load = await generator.RunAsync(warmup, duration, () =>
        {
            cpuBefore = ProcStat.CpuSeconds(server.ProcessId);
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
        var cpu = ProcStat.CpuSeconds(server.ProcessId) - cpuBefore;
        var rss = ProcStat.PeakRssMiB(server.ProcessId);
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

    private static string F1(double value) => value.ToString("F1", CultureInfo.InvariantCulture);

    private static string P0(double value) => value.ToString("P0", CultureInfo.InvariantCulture);

    /// <summary>One round: Logbeam and its two references, measured one after the other.</summary>
    private sealed record Round(LoadResult Logbeam, ServerFigures LogbeamServer, LoadResult Bare, ServerFigures BareServer, LoadResult Raw)
    {
        public double HttpRatio => Logbeam.RequestsPerSecond / Bare.RequestsPerSecond;

        public double StoreRatio => Logbeam.LinesPerSecond / Raw.LinesPerSecond;
    }

    /// <summary>The server's CPU seconds and peak RSS over the window; the database's CPU seconds when it runs apart (NaN otherwise).</summary>
    internal readonly record struct ServerFigures(double CpuSeconds, double PeakRssMiB, double DatabaseCpuSeconds);
}
