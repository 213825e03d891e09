using Logbeam.Bench.Common;

namespace Logbeam.Bench.Ingest;

/// <summary>
/// <c>ingest --store postgres</c>: the same load as <see cref="IngestScenario"/> against the server on PostgreSQL, on a
/// throw-away cluster the bench starts itself; the storage reference is a raw binary <c>COPY</c> of the same rows
/// (<see cref="RawCopyReference"/>). A fresh database per run; the cluster's CPU is measured over each window too,
/// because it shares the cores with the server and the load generator.
/// </summary>
internal static class PostgresIngestScenario
{
    private const string Durability = "fsync on, synchronous_commit on";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var devices = args.Int("devices", 1000);
        var connections = IngestScenario.Connections(args, devices);
        var batchSizes = args.Ints("batches", [1, 50]);
        var warmup = TimeSpan.FromSeconds(args.Int("warmup", 10));
        var duration = TimeSpan.FromSeconds(args.Int("duration", 20));
        var lineBytes = args.Int("line-bytes", 100);
        if (args.String("synchronous", "Full") != "Full")
        {
            throw new ArgumentException("--synchronous is SQLite's; the PostgreSQL bench always runs with fsync and synchronous_commit on.");
        }

        // The bench measures the Release build, whatever the bench itself was built as.
        var serverDll = BuildOutput.Dll("Logbeam.Server", "Release");
        var benchDll = typeof(PostgresIngestScenario).Assembly.Location;

        await using var cluster = await BenchPostgres.StartAsync().ConfigureAwait(false);
        var store = $"{cluster.Version} ({string.Join(", ", BenchPostgres.Settings)})";
        Console.WriteLine($"ingest --store postgres: {devices} devices, {connections} connections, batches {string.Join(",", batchSizes)}, " +
            $"warm-up {warmup.TotalSeconds} s + {duration.TotalSeconds} s each; {store}, {Durability}; {Machine.Summary}");
        var rows = new List<IReadOnlyList<string>>();
        foreach (var batch in batchSizes)
        {
            var fleet = DeviceUploads.Create(devices, batch, lineBytes, bodiesPerDevice: 4, seed: 42);

            Console.WriteLine($"[{batch} line(s)/request] bare Kestrel ...");
            var (bare, bareServer) = await IngestScenario.RunAgainstAsync(
                benchDll, ["bare-kestrel"], fleet, batch, connections, warmup, duration, register: null).ConfigureAwait(false);
            IngestScenario.Print("bare Kestrel", bare, bareServer);

            Console.WriteLine($"[{batch} line(s)/request] Logbeam on PostgreSQL ...");
            var adminKey = "bench-" + Guid.NewGuid().ToString("N");
            var dataDirectory = Directory.CreateTempSubdirectory("logbeam-bench-server-");
            var connectionString = await cluster.CreateDatabaseAsync("bench").ConfigureAwait(false);
            await cluster.CheckpointAsync().ConfigureAwait(false);
            LoadResult logbeam;
            IngestScenario.ServerFigures logbeamServer;
            try
            {
                (logbeam, logbeamServer) = await IngestScenario.RunAgainstAsync(
                    serverDll,
                    [
                        "--Storage:Provider", "Postgres", "--Storage:ConnectionString", connectionString,
                        "--Storage:DataDirectory", dataDirectory.FullName, "--Api:AdminKey", adminKey,
                        .. IngestScenario.BrokerOff,
                    ],
                    fleet, batch, connections, warmup, duration,
                    register: port => DeviceFleet.RegisterAsync(port, adminKey, fleet),
                    databaseCpu: () => BenchPostgres.CpuSeconds(cluster)).ConfigureAwait(false);
            }
            finally
            {
                dataDirectory.Delete(recursive: true);
                await cluster.DropDatabaseAsync(connectionString).ConfigureAwait(false);
            }

            IngestScenario.Print("Logbeam", logbeam, logbeamServer);

            Console.WriteLine($"[{batch} line(s)/request] raw COPY, {connections} batches per transaction ...");
            var (raw, rawPostgresCpu) = await RawCopyReference.RunAsync(cluster, fleet, connections, warmup / 2, duration).ConfigureAwait(false);
            Console.WriteLine($"  raw COPY       {raw.LinesPerSecond,10:N0} lines/s  commit p50 {raw.P50Ms:F2} ms p99 {raw.P99Ms:F2} ms  " +
                $"client CPU {raw.LoadGeneratorCpuSeconds:F1} s  postgres CPU {rawPostgresCpu:F1} s");

            var httpRatio = logbeam.RequestsPerSecond / bare.RequestsPerSecond;
            var storeRatio = logbeam.LinesPerSecond / raw.LinesPerSecond;
            Console.WriteLine($"  => requests/s {httpRatio:P0} of bare Kestrel; durable lines/s {storeRatio:P0} of raw COPY");
            rows.Add(
            [
                ResultsFile.Now, Machine.Commit, Machine.Summary, store, IngestScenario.F(batch), IngestScenario.F(devices), IngestScenario.F(connections),
                IngestScenario.F(logbeam.RequestsPerSecond), IngestScenario.F(logbeam.LinesPerSecond),
                IngestScenario.Ms(logbeam.P50Ms), IngestScenario.Ms(logbeam.P99Ms), IngestScenario.Ms(logbeam.MaxMs),
                $"{logbeamServer.CpuSeconds:F1}", $"{logbeamServer.DatabaseCpuSeconds:F1}", $"{logbeamServer.PeakRssMiB:F0}", $"{logbeam.LoadGeneratorCpuSeconds:F1}",
                IngestScenario.F(bare.RequestsPerSecond), IngestScenario.Ms(bare.P99Ms), $"{bareServer.CpuSeconds:F1}", $"{bare.LoadGeneratorCpuSeconds:F1}",
                IngestScenario.F(raw.LinesPerSecond), $"{raw.LoadGeneratorCpuSeconds:F1}", $"{rawPostgresCpu:F1}",
                $"{httpRatio:P0}", $"{storeRatio:P0}", IngestScenario.F(logbeam.Failed + bare.Failed),
            ]);
        }

        var path = ResultsFile.Append(
            "ingest",
            "ingest — signed POST /device/reportlog (bench/README.md)",
            [
                "date", "commit", "machine", "store", "lines/req", "devices", "conns",
                "req/s", "durable lines/s", "p50 ms", "p99 ms", "max ms", "server CPU s", "postgres CPU s", "server peak RSS MiB", "loadgen CPU s",
                "bare Kestrel req/s", "bare p99 ms", "bare server CPU s", "bare loadgen CPU s",
                "raw COPY lines/s", "raw COPY client CPU s", "raw COPY postgres CPU s",
                "req/s ÷ bare", "lines/s ÷ raw COPY", "failed",
            ],
            rows,
            section: "--store postgres (durable: " + Durability + ")");
        Console.WriteLine($"appended to {path}");
        return 0;
    }
}
