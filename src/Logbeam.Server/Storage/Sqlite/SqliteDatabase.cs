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
        DataFiles.CreateDirectory(storage.DataDirectory);
        FilePath = Path.GetFullPath(Path.Combine(storage.DataDirectory, "logbeam.db"));
        TextIndexPath = Path.GetFullPath(Path.Combine(storage.DataDirectory, "logbeam-fts.db"));

        // Before SQLite opens them: it creates each -wal and -shm with its database file's mode.
        foreach (var database in new[] { FilePath, TextIndexPath })
        {
            DataFiles.EnsurePrivate(database);
            DataFiles.RestrictIfPresent(database + "-wal");
            DataFiles.RestrictIfPresent(database + "-shm");
        }

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
        using var connection = Open();
        SqliteSchema.Apply(connection);
        using (var textIndex = OpenTextIndex())
        {
            SqliteTextIndex.ForgetLinesTheDatabaseLost(textIndex);
        }

        // The device index moved to the index file, which OpenTextIndex filled from this one.
        using var drop = connection.CreateCommand();
        drop.CommandText = "DROP INDEX IF EXISTS ix_lines_device;";
        drop.ExecuteNonQuery();
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
    /// Opens the index file (<see cref="SqliteTextIndex"/>: the full-text index and the device index of the lines),
    /// creating or upgrading its schema if needed, with the database attached as <c>src</c>. The indexes can be
    /// rebuilt from the lines, so their commits are not synced to disk one by one.
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

        // Version 1 adds the device index. A file from before holds the text of the lines up to its mark; their
        // device entries come from the database's own device index, which is dropped once this is done.
        command.CommandText = "PRAGMA user_version";
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) < 1)
        {
            using var transaction = connection.BeginTransaction();
            command.Transaction = transaction;
            command.CommandText =
                "CREATE TABLE device_lines(device_id INTEGER NOT NULL, line_id INTEGER NOT NULL, PRIMARY KEY(device_id, line_id)) WITHOUT ROWID; " +
                "INSERT INTO device_lines(device_id, line_id) SELECT device_id, id FROM src.lines " +
                "WHERE id <= (SELECT upto FROM indexed) ORDER BY device_id, id; " +
                "PRAGMA user_version=1;";
            command.ExecuteNonQuery();
            transaction.Commit();
        }

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
