using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// The SQLite files under the data directory: the database (<c>logbeam.db</c>) and the index file
/// (<c>logbeam-fts.db</c>, <see cref="SqliteLineIndexer"/>). Opens connections; <see cref="Initialize"/> creates or
/// upgrades both at start-up.
/// </summary>
public sealed class SqliteDatabase : IStoreInitialization
{
    // How long a connection waits for another's write lock before it fails. Writes hold it for milliseconds (a group
    // commit, a retention chunk, an indexing step); only a stuck process or a disk that stalls makes anyone wait long.
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    // Pages of WAL between the index file's checkpoints, as for the writer's (SqliteAppender): an indexing step dirties
    // MBs of pages, and SQLite's 1000 would copy them back into the file after almost every step.
    private const int IndexFileWalAutocheckpointPages = 10_000;

    private readonly string _connectionString;
    private readonly string _synchronous;
    private readonly string _dataDirectory;

    public SqliteDatabase(IOptions<StorageOptions> options)
    {
        var storage = options.Value;
        _dataDirectory = storage.DataDirectory;
        FilePath = Path.GetFullPath(Path.Combine(storage.DataDirectory, "logbeam.db"));
        IndexFilePath = Path.GetFullPath(Path.Combine(storage.DataDirectory, "logbeam-fts.db"));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        _synchronous = storage.Synchronous.ToUpperInvariant() switch
        {
            "FULL" => "FULL",
            "NORMAL" => "NORMAL",
            "EXTRA" => "EXTRA",
            _ => throw new InvalidOperationException(
                $"Storage:Synchronous must be Full, Normal or Extra, not '{storage.Synchronous}'."),
        };
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// The write-ahead log the writer syncs behind its commits (<see cref="WalSync"/>): set when the mode is
    /// <c>FULL</c>, null when SQLite is left to sync (<c>NORMAL</c>: never at commit; <c>EXTRA</c>: inside it).
    /// </summary>
    public string? WalToSync => _synchronous == "FULL" ? FilePath + "-wal" : null;

    /// <summary>The absolute path of the index file (<see cref="SqliteLineIndexer"/>: the full-text and device indexes).</summary>
    public string IndexFilePath { get; }

    /// <summary>
    /// Creates the data directory and the files, private to the server, and brings both files' schemas up to date
    /// (<see cref="SqliteSchema"/>, then <see cref="SqliteIndexFileSchema"/>, which reads the database's lines); then
    /// makes the index forget lines the database lost in a power cut. Run once at start-up, before anything appends.
    /// </summary>
    /// <returns>How many migration steps ran, over both files.</returns>
    public int Initialize()
    {
        DataFiles.CreateDirectory(_dataDirectory);

        // Before SQLite opens them: it creates each -wal and -shm with its database file's mode.
        foreach (var database in new[] { FilePath, IndexFilePath })
        {
            DataFiles.EnsurePrivate(database);
            DataFiles.RestrictIfPresent(database + "-wal");
            DataFiles.RestrictIfPresent(database + "-shm");
        }

        int applied;
        using (var connection = Open())
        {
            applied = SqliteSchema.Apply(connection);
        }

        using var indexFile = OpenIndexFile();
        applied += SqliteIndexFileSchema.Apply(indexFile);
        SqliteLineIndexer.ForgetLinesTheDatabaseLost(indexFile);
        return applied;
    }

    /// <inheritdoc cref="Initialize"/>
    public Task<int> InitializeAsync(CancellationToken cancellationToken) => Task.FromResult(Initialize());

    /// <summary>
    /// Opens the index file (<see cref="SqliteLineIndexer"/>: the full-text index and the device index of the lines)
    /// with the database attached as <c>src</c>. The indexes can be rebuilt from the lines, so their commits are not
    /// synced to disk one by one. Its schema is made by <see cref="Initialize"/>.
    /// </summary>
    public SqliteConnection OpenIndexFile()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { DataSource = IndexFilePath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            $"PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds}; " +
            $"PRAGMA wal_autocheckpoint={IndexFileWalAutocheckpointPages}; ATTACH DATABASE $src AS src;";
        command.Parameters.AddWithValue("$src", FilePath);
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Makes the full-text index readable on <paramref name="connection"/> as <c>fts.lines_fts</c> (once per pooled
    /// connection). The index is created by <see cref="Initialize"/>.
    /// </summary>
    public void AttachIndexFile(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM pragma_database_list WHERE name = 'fts'";
        if (command.ExecuteScalar() is not null)
        {
            return;
        }

        command.CommandText = "ATTACH DATABASE $path AS fts";
        command.Parameters.AddWithValue("$path", IndexFilePath);
        command.ExecuteNonQuery();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous={_synchronous}; PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds};";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous={_synchronous}; PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds};";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
