using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Logbeam.Bench.Common;

/// <summary>
/// A throw-away PostgreSQL cluster for one bench run: <c>initdb</c> in a temp directory, <c>pg_ctl start</c> on a free
/// loopback port, stopped and deleted when disposed. Run as root, the server runs as the <c>postgres</c> user (which
/// PostgreSQL insists on). Durable as shipped: <c>fsync</c>, <c>synchronous_commit</c> and <c>full_page_writes</c> stay
/// on; only sizes a production server would also raise are changed (<see cref="Settings"/>).
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    /// <summary>
    /// Memory and checkpoint spacing for a write-heavy server on this machine. The stock 1 GB <c>max_wal_size</c> forces
    /// a checkpoint every few seconds at these rates, and every page then pays a full-page image in the WAL again.
    /// </summary>
    public static readonly IReadOnlyList<string> Settings =
    [
        "max_connections=300", "shared_buffers=1GB", "max_wal_size=8GB", "checkpoint_timeout=15min", "wal_buffers=64MB",
    ];

    private readonly string _directory;
    private readonly string _bin;

    private PostgresCluster(string directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The server's version, e.g. <c>PostgreSQL 15.8</c>, for the results row.</summary>
    public string Version { get; private set; } = "PostgreSQL";

    private string DataDirectory => Path.Combine(_directory, "data");

    private static bool IsRoot => Environment.UserName == "root";

    public static async Task<PostgresCluster> StartAsync()
    {
        var bin = FindBin();
        var directory = Directory.CreateTempSubdirectory("logbeam-bench-pg-").FullName;
        var cluster = new PostgresCluster(directory, bin, FreePort());
        try
        {
            if (IsRoot)
            {
                await RunAsync("chown", ["-R", "postgres:postgres", directory]).ConfigureAwait(false);
            }

            await cluster.RunAsPostgresAsync(
                Path.Combine(bin, "initdb"), "-D", cluster.DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-instructions").ConfigureAwait(false);
            var options = $"-p {cluster.Port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -k {directory} " +
                string.Join(' ', Settings.Select(s => "-c " + s));
            await cluster.RunAsPostgresAsync(
                Path.Combine(bin, "pg_ctl"), "-D", cluster.DataDirectory, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60",
                "-o", options, "start").ConfigureAwait(false);

            await using var connection = new NpgsqlConnection(cluster.ConnectionString("postgres"));
            await connection.OpenAsync().ConfigureAwait(false);
            await using var command = new NpgsqlCommand("SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')", connection);
            await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
            await reader.ReadAsync().ConfigureAwait(false);
            if (reader.GetString(1) != "on" || reader.GetString(2) != "on")
            {
                throw new InvalidOperationException("The bench cluster must run with fsync and synchronous_commit on.");
            }

            cluster.Version = "PostgreSQL " + reader.GetString(0).Split(' ')[0];
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Timeout=30";

    /// <summary>Creates an empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE DATABASE {name}").ConfigureAwait(false);
        return ConnectionString(name);
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing what is still connected to it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)").ConfigureAwait(false);
    }

    /// <summary>Flushes dirty pages now, so that a measured window does not start in the middle of a checkpoint.</summary>
    public Task CheckpointAsync() => ExecuteAsync("CHECKPOINT");

    /// <summary>
    /// CPU seconds used so far by the whole server: the postmaster, every live backend and background process, and
    /// (through the postmaster's reaped-children counters) every backend that has already exited.
    /// </summary>
    public double CpuSeconds()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);
        var total = ProcStat.CpuSeconds(postmaster, includeReapedChildren: true);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) &&
                pid != postmaster && ProcStat.ParentOf(pid) == postmaster)
            {
                total += ProcStat.CpuSeconds(pid, includeReapedChildren: true);
            }
        }

        return total;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "stop").ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // Not running: nothing to stop.
            }
        }

        Directory.Delete(_directory, recursive: true);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static string FindBin()
    {
        var preferred = "/usr/lib/postgresql/15/bin";
        if (File.Exists(Path.Combine(preferred, "initdb")))
        {
            return preferred;
        }

        var any = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            : null;
        return any ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) are missing: install them with 'apt-get install postgresql' and run again.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunAsPostgresAsync(string program, params string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{program} {string.Join(' ', arguments)}` failed ({process.ExitCode}):\n{await stdout.ConfigureAwait(false)}\n{await stderr.ConfigureAwait(false)}");
        }
    }
}
