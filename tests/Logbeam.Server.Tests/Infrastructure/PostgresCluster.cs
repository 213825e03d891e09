using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Logbeam.Server.Tests.Infrastructure;

/// <summary>
/// A throw-away PostgreSQL cluster for the test run: <c>initdb</c> in a temp directory, <c>pg_ctl start</c> on a free
/// loopback port, stopped and deleted at the end. Run as root, it runs the server as the <c>postgres</c> user (which
/// PostgreSQL insists on). Missing binaries fail the tests with how to install them.
/// </summary>
public sealed class PostgresCluster : IAsyncLifetime
{
    private const string InstallHint =
        "PostgreSQL server binaries (initdb, pg_ctl) are missing: run scripts/install-test-deps.sh as root, or 'apt-get install postgresql'.";

    private readonly string _directory = TempDirectory.Create("logbeam-pg");
    private string _bin = string.Empty;

    public int Port { get; } = FreePort.Next();

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>A connection string for <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database={database};Pooling=true;Timeout=30";

    /// <summary>Creates a fresh database, so each test class has its own; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t" + Guid.NewGuid().ToString("N")[..16];
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task InitializeAsync()
    {
        _bin = FindBin();
        if (IsRoot)
        {
            await RunAsync("chown", "-R", "postgres:postgres", _directory);
        }

        await RunAsPostgresAsync(Path.Combine(_bin, "initdb"), "-D", DataDirectory, "-U", "postgres", "-A", "trust", "-E", "UTF8",
            "--no-sync", "--no-instructions");
        // fsync stays on: the kill tests count on a commit being on disk. The socket goes in the cluster's own directory.
        await RunAsPostgresAsync(Path.Combine(_bin, "pg_ctl"), "-D", DataDirectory, "-l", Path.Combine(_directory, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=127.0.0.1 -k {_directory} -c max_connections=300",
            "start");
    }

    public async Task DisposeAsync()
    {
        if (_bin.Length > 0 && Directory.Exists(DataDirectory))
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

    private static bool IsRoot => Environment.UserName == "root";

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
