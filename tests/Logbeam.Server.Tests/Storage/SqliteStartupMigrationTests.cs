using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Sqlite;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Tests.Storage;

/// <summary>
/// Files as the server left them before start-up work was numbered steps (the database at version 5 without its device
/// index, which every start dropped again; the index file at version 1): the first start migrates them once and keeps
/// their data, and the next start changes nothing.
/// </summary>
public sealed class SqliteStartupMigrationTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    // The schema those files had, spelt out rather than made by today's steps, so that a change to a step shows here.
    private const string DatabaseFile =
        """
        PRAGMA journal_mode=WAL;
        CREATE TABLE products(product_id TEXT PRIMARY KEY, name TEXT NOT NULL, default_level INTEGER NOT NULL, created_at INTEGER NOT NULL,
            allow_certificate_key_hmac INTEGER NOT NULL DEFAULT 0, legacy_uploads INTEGER NOT NULL DEFAULT 1);
        CREATE TABLE devices(id INTEGER PRIMARY KEY, product_id TEXT NOT NULL REFERENCES products(product_id), device_name TEXT NOT NULL,
            auth_mode INTEGER NOT NULL, psk TEXT, certificate TEXT, enabled INTEGER NOT NULL DEFAULT 1, log_level INTEGER,
            level_expires_at INTEGER, created_at INTEGER NOT NULL, deleted_at INTEGER,
            previous_psk TEXT, previous_key_expires_at INTEGER, previous_key_last_used_at INTEGER);
        CREATE UNIQUE INDEX ux_devices_live ON devices(product_id, device_name) WHERE deleted_at IS NULL;
        CREATE TABLE requests(id INTEGER PRIMARY KEY, request_id TEXT NOT NULL, device_id INTEGER NOT NULL, received_at INTEGER NOT NULL, batch_id TEXT);
        CREATE UNIQUE INDEX ux_requests_batch ON requests(device_id, batch_id) WHERE batch_id IS NOT NULL;
        CREATE TABLE lines(id INTEGER PRIMARY KEY, device_id INTEGER NOT NULL, request INTEGER NOT NULL, level INTEGER NOT NULL,
            device_time INTEGER, received_at INTEGER NOT NULL, tag TEXT, text TEXT NOT NULL);
        CREATE INDEX ix_lines_received ON lines(received_at);
        CREATE INDEX ix_devices_name ON devices(product_id, device_name);
        PRAGMA user_version=5;
        INSERT INTO products(product_id, name, default_level, created_at) VALUES('P1', 'Old', 3, 0);
        INSERT INTO devices(id, product_id, device_name, auth_mode, psk, created_at) VALUES(1, 'P1', 'd1', 0, 'cHNrcHNrcHNrcHNr', 0);
        INSERT INTO requests(id, request_id, device_id, received_at, batch_id) VALUES(1, '11111111-1111-1111-1111-111111111111', 1, $now, 'b1');
        INSERT INTO lines(id, device_id, request, level, received_at, text) VALUES(1, 1, 1, 3, $now, 'indexed osprey');
        INSERT INTO lines(id, device_id, request, level, received_at, text) VALUES(2, 1, 1, 2, $now, 'unindexed kestrel');
        """;

    // The index file holds the first line; the second was committed after its last step.
    private const string IndexFile =
        """
        PRAGMA journal_mode=WAL;
        CREATE VIRTUAL TABLE lines_fts USING fts5(text, content='');
        CREATE TABLE indexed(upto INTEGER NOT NULL);
        CREATE TABLE device_lines(device_id INTEGER NOT NULL, line_id INTEGER NOT NULL, PRIMARY KEY(device_id, line_id)) WITHOUT ROWID;
        PRAGMA user_version=1;
        INSERT INTO indexed(upto) VALUES(1);
        INSERT INTO lines_fts(rowid, text) VALUES(1, 'indexed osprey');
        INSERT INTO device_lines(device_id, line_id) VALUES(1, 1);
        """;

    private readonly string _directory = TempDirectory.Create("logbeam-startup");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TempDirectory.Delete(_directory);
    }

    [Fact]
    public async Task FilesFromBeforeNumberedStartup_AreMigratedOnce_KeepTheirLines_AndTheNextStartChangesNothing()
    {
        Execute(Path.Combine(_directory, "logbeam.db"), DatabaseFile);
        Execute(Path.Combine(_directory, "logbeam-fts.db"), IndexFile);

        var first = Database();
        Assert.Equal(SqliteSchema.Version - 5, first.Initialize()); // from step 6, the device index's drop, now a step of its own
        Assert.Equal(SqliteSchema.Version, Scalar(first.FilePath, "PRAGMA user_version"));
        Assert.Equal(SqliteIndexFileSchema.Version, Scalar(first.IndexFilePath, "PRAGMA user_version"));
        using (var store = new SqliteLogStore(first))
        {
            Assert.Equal(["indexed osprey"], Texts(await store.QueryAsync(new LogQuery { ProductId = "P1", Text = "osprey" }, None)));
            Assert.Equal(["unindexed kestrel"], Texts(await store.QueryAsync(new LogQuery { ProductId = "P1", Text = "kestrel" }, None)));
            Assert.Equal(
                ["unindexed kestrel", "indexed osprey"],
                Texts(await store.QueryAsync(new LogQuery { ProductId = "P1", DeviceName = "d1" }, None)));
            Assert.Equal(0, await store.AppendAsync([new LogBatch(1, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, "b1", [])], None));
        }

        // Once a start dropped an index named ix_lines_device whatever it was; now only the numbered step does, once.
        Execute(first.FilePath, "CREATE INDEX ix_lines_device ON lines(device_id, level);");
        SqliteConnection.ClearAllPools();
        var second = Database();
        Assert.Equal(0, second.Initialize());
        Assert.Equal(1, Scalar(second.FilePath, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_lines_device'"));
        Assert.Equal(SqliteSchema.Version, Scalar(second.FilePath, "PRAGMA user_version"));
        Assert.Equal(2, Scalar(second.FilePath, "SELECT count(*) FROM lines"));
    }

    [Fact]
    public void ANewDataDirectory_GetsEveryStep_AndConstructionAloneWritesNothing()
    {
        var directory = Path.Combine(_directory, "fresh");
        var database = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = directory }));
        Assert.False(Directory.Exists(directory));

        Assert.Equal(SqliteSchema.Version + SqliteIndexFileSchema.Version, database.Initialize());
        Assert.Equal(0, Scalar(database.FilePath, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_lines_device'"));
        Assert.Equal(0, new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = directory })).Initialize());
    }

    private SqliteDatabase Database() => new(Options.Create(new StorageOptions { DataDirectory = _directory }));

    private static string[] Texts(IEnumerable<LogRecord> records) => [.. records.Select(r => r.Text)];

    private static void Execute(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    private static long Scalar(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
