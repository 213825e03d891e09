using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Logbeam.Testing;

/// <summary>
/// A throw-away PostgreSQL cluster: <c>initdb</c> in a temp directory, <c>pg_ctl start</c> on a free loopback port,
/// stopped and deleted at the end. Run as root, it runs the server as the <c>postgres</c> user (which PostgreSQL
/// insists on). Durable as shipped: <c>fsync</c> and <c>synchronous_commit</c> stay on (the kill tests count on a
/// commit being on disk; the bench measures what a real server does). Missing binaries fail with how to install them.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime, IAsyncDisposable
{
    private const string InstallHint =
        "PostgreSQL server binaries (initdb, pg_ctl) are missing: run scripts/install-test-deps.sh as root, or 'apt-get install postgresql'.";

    private readonly string _directory = TempDirectory.Create("logbeam-pg");
    private readonly IReadOnlyList<string> _settings;
    private readonly bool _syncInitdb;
    private string _bin = string.Empty;

    /// <summary>The tests' cluster (an xUnit fixture): enough connections for every test class at once.</summary>
    public PostgresCluster()
        : this(["max_connections=300"], syncInitdb: false)
    {
    }

    private PostgresCluster(IReadOnlyList<string> settings, bool syncInitdb)
    {
        _settings = settings;
        _syncInitdb = syncInitdb;
    }

    public int Port { get; } = FreePort.Next();

    /// <summary>The server's version, e.g. <c>PostgreSQL 15.8</c>, known once started.</summary>
    public string Version { get; private set; } = "PostgreSQL";

    /// <summary>The postmaster's process id, to read the server's CPU time from <c>/proc</c>.</summary>
    public int PostmasterProcessId =>
        int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    private string DataDirectory => Path.Combine(_directory, "data");

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>
    /// Starts a cluster with these server <paramref name="settings"/> (<c>name=value</c>, passed as <c>-c</c>), its
    /// files synced from the start, as the bench runs it; dispose it to stop and delete it.
    /// </summary>
    public static async Task<PostgresCluster> StartAsync(IReadOnlyList<string> settings)
    {
        var cluster = new PostgresCluster(settings, syncInitdb: true);
        try
        {
            await cluster.InitializeAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>A connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Pooling=true;Timeout=30";

    /// <summary>Creates a fresh database, so each test class (or bench round) has its own; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = prefix + Guid.NewGuid().ToString("N")[..16];
        await ExecuteAsync($"CREATE DATABASE {name}");
        return ConnectionString(name);
    }

    /// <summary>Drops the database of <paramref name="connectionString"/>, closing what is still connected to it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    /// <summary>Flushes dirty pages now, so that a measured window does not start in the middle of a checkpoint.</summary>
    public Task CheckpointAsync() => ExecuteAsync("CHECKPOINT");

    public async Task InitializeAsync()
    {
        _bin = FindBin();
        if (IsRoot)
        {
            await RunAsync("chown", "-R", "postgres:postgres", _directory);
        }

        await RunAsPostgresAsync(Path.Combine(_bin, "initdb"),
            ["-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8", .. _syncInitdb ? Array.Empty<string>() : ["--no-sync"], "--no-instructions"]);
        // The socket goes in the cluster's own directory.
        var options = $"-p {Port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -k {_directory} " +
            string.Join(' ', _settings.Select(s => "-c " + s));
        await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", options, "start");

        await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT current_setting('server_version'), current_setting('fsync'), current_setting('synchronous_commit')", connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        if (reader.GetString(1) != "on" || reader.GetString(2) != "on")
        {
            throw new InvalidOperationException("The cluster must run with fsync and synchronous_commit on.");
        }

        Version = "PostgreSQL " + reader.GetString(0).Split(' ')[0];
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_bin.Length > 0 && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-m", "immediate", "-w", "stop");
            }
            catch (InvalidOperationException)
            {
                // Not running: nothing to stop.
            }
        }

        TempDirectory.Delete(_directory);
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString() + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        await command.ExecuteNonQueryAsync();
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
        return any ?? throw new InvalidOperationException(InstallHint);
    }

    private Task RunAsPostgresAsync(string program, params string[] arguments) =>
        IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", program, .. arguments]) : RunAsync(program, arguments);

    private static async Task RunAsync(string program, params string[] arguments)
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
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`{program} {string.Join(' ', arguments)}` failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }
}
