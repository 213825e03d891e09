using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Storage.Sqlite;

/// <summary>The SQLite file under the data directory: opens connections and creates the schema on first start.</summary>
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly string _synchronous;

    public SqliteDatabase(IOptions<StorageOptions> options)
    {
        var storage = options.Value;
        Directory.CreateDirectory(storage.DataDirectory);
        FilePath = Path.GetFullPath(Path.Combine(storage.DataDirectory, "logbeam.db"));
        TextIndexPath = Path.GetFullPath(Path.Combine(storage.DataDirectory, "logbeam-fts.db"));
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        _synchronous = storage.Synchronous.ToUpperInvariant() switch
        {
            "FULL" => "FULL",
            "NORMAL" => "NORMAL",
            "EXTRA" => "EXTRA",
            _ => throw new InvalidOperationException(
                $"Storage:Synchronous must be Full, Normal or Extra, not '{storage.Synchronous}'."),
        };
        using (var connection = Open())
        {
            SqliteSchema.Apply(connection);
        }

        using var textIndex = OpenTextIndex();
        SqliteTextIndex.ForgetLinesTheDatabaseLost(textIndex);
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

    /// <summary>
    /// The write-ahead log the writer syncs behind its commits (<see cref="WalSync"/>): set when the mode is
    /// <c>FULL</c>, null when SQLite is left to sync (<c>NORMAL</c>: never at commit; <c>EXTRA</c>: inside it).
    /// </summary>
    public string? WalToSync => _synchronous == "FULL" ? FilePath + "-wal" : null;

    /// <summary>The absolute path of the full-text index's file (<see cref="SqliteTextIndex"/>).</summary>
    public string TextIndexPath { get; }

    /// <summary>
    /// Opens the full-text index's file, creating its schema if needed, with the database attached as <c>src</c>.
    /// The index can be rebuilt from the lines, so its commits are not synced to disk one by one.
    /// </summary>
    public SqliteConnection OpenTextIndex()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder(_connectionString) { DataSource = TextIndexPath, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText =
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000; PRAGMA wal_autocheckpoint=10000; " +
            "CREATE VIRTUAL TABLE IF NOT EXISTS lines_fts USING fts5(text, content=''); " +
            "CREATE TABLE IF NOT EXISTS indexed(upto INTEGER NOT NULL); " +
            "INSERT INTO indexed(upto) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM indexed); " +
            "ATTACH DATABASE $src AS src;";
        command.Parameters.AddWithValue("$src", FilePath);
        command.ExecuteNonQuery();
        return connection;
    }

    /// <summary>
    /// Makes the full-text index readable on <paramref name="connection"/> as <c>fts.lines_fts</c> (once per pooled
    /// connection). The index is created by <see cref="OpenTextIndex"/>.
    /// </summary>
    public void AttachTextIndex(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM pragma_database_list WHERE name = 'fts'";
        if (command.ExecuteScalar() is not null)
        {
            return;
        }

        command.CommandText = "ATTACH DATABASE $path AS fts";
        command.Parameters.AddWithValue("$path", TextIndexPath);
        command.ExecuteNonQuery();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous={_synchronous}; PRAGMA busy_timeout=30000;";
        pragma.ExecuteNonQuery();
        return connection;
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var pragma = connection.CreateCommand();
        pragma.CommandText = $"PRAGMA synchronous={_synchronous}; PRAGMA busy_timeout=30000;";
        await pragma.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }
}
