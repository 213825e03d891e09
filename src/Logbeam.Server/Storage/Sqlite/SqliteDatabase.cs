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
    }

    /// <summary>The absolute path of the database file.</summary>
    public string FilePath { get; }

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
