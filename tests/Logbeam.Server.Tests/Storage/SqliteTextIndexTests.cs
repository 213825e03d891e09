using Logbeam.Protocol;
using Logbeam.Server.Devices;
using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Sqlite;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Tests.Storage;

/// <summary>
/// The SQLite full-text index lives in a file of its own and follows the commits: a search sees what was committed
/// before it, retention takes its entries along, and a lost or old-layout index is built again from the lines.
/// </summary>
public sealed class SqliteTextIndexTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly string _directory = TempDirectory.Create("logbeam-fts");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TempDirectory.Delete(_directory);
    }

    [Fact]
    public async Task ASearchRightAfterEachCommit_FindsEveryLineCommittedBeforeIt()
    {
        using var store = Open(out var database);
        var device = await NewDeviceAsync(database, "P1");
        for (var i = 0; i < 20; i++)
        {
            await store.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, $"round{i} marker")], None);
            Assert.Equal(i + 1, (await Search(store, "P1", "marker")).Count);
        }
    }

    [Fact]
    public async Task CommittedLines_AreIndexedWithinAMoment_WithNoSearchWaitingForThem()
    {
        using var store = Open(out var database);
        var device = await NewDeviceAsync(database, "P1");
        await store.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, "first")], None);
        Assert.Single(await Search(store, "P1", "first"));
        var before = store.TextIndexedUpTo;

        // The index lets commits gather before it indexes them; nobody asks it to hurry here.
        await store.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, "second"), Batch(device.Id, DateTimeOffset.UtcNow, "third")], None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (store.TextIndexedUpTo < before + 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.Equal(before + 2, store.TextIndexedUpTo);
        Assert.Equal(1, IndexEntries(database, "third"));
    }

    [Fact]
    public async Task AGroupCommit_WaitsForAnIndexMoreThan50000LinesBehind_AndGoesOnOnceItCatchesUp()
    {
        using var store = Open(out var database);
        var device = await NewDeviceAsync(database, "P1");
        await store.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, "warm")], None);
        Assert.Single(await Search(store, "P1", "warm")); // the index has caught up once: it is following

        // Hold the index's file, so the index cannot move, and commit more lines than it may fall behind.
        using var holder = new SqliteConnection($"Data Source={database.TextIndexPath};Pooling=False");
        holder.Open();
        using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            begin.ExecuteNonQuery();
        }

        var lines = Enumerable.Range(0, 60_000).Select(i => new LogLine(DeviceLogLevel.Info, null, null, $"bulk {i}")).ToList();
        await store.AppendAsync([new LogBatch(device.Id, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, null, lines)], None);
        var next = store.BeginAppendAsync(None);
        await Task.Delay(300);
        Assert.False(next.IsCompleted, "the next group commit did not wait for the index");

        using (var commit = holder.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            commit.ExecuteNonQuery();
        }

        await using var append = await next.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(store.TextIndexedUpTo >= 60_001 - 50_000, $"index at {store.TextIndexedUpTo}");
    }

    [Fact]
    public async Task Retention_RemovesTheIndexEntriesOfTheLinesItDeletes()
    {
        using var store = Open(out var database);
        var device = await NewDeviceAsync(database, "P1");
        var now = DateTimeOffset.UtcNow;
        await store.AppendAsync([Batch(device.Id, now.AddDays(-40), "ancient walrus"), Batch(device.Id, now, "fresh walrus")], None);
        Assert.Equal(2, (await Search(store, "P1", "walrus")).Count);

        await new SqliteRetention(database).RemoveBeforeAsync(now.AddDays(-30), None);

        Assert.Equal(0, IndexEntries(database, "ancient"));
        Assert.Equal(1, IndexEntries(database, "fresh"));
        Assert.Equal(["fresh walrus"], (await Search(store, "P1", "walrus")).Select(r => r.Text));
    }

    [Fact]
    public async Task DeletedIndexFile_IsBuiltAgainFromTheLines()
    {
        using (var first = Open(out var database))
        {
            var device = await NewDeviceAsync(database, "P1");
            await first.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, "kept pelican"), Batch(device.Id, DateTimeOffset.UtcNow, "second pelican")], None);
            Assert.Equal(2, (await Search(first, "P1", "pelican")).Count);
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_directory, "logbeam-fts.db*"))
        {
            File.Delete(file);
        }

        using var again = Open(out _);
        Assert.Equal(["second pelican", "kept pelican"], (await Search(again, "P1", "pelican")).Select(r => r.Text));
    }

    [Fact]
    public async Task LinesTheDatabaseLost_AfterTheIndexHadThem_AreNotFoundUnderTheIdsTheNextLinesGet()
    {
        using (var first = Open(out var database))
        {
            var device = await NewDeviceAsync(database, "P1");
            await first.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, "kept heron")], None);
            await first.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, "lost albatross")], None);
            Assert.Single(await Search(first, "P1", "albatross"));
        }

        // A power loss between the commit and its sync: the database lost its newest line, the index kept it.
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "logbeam.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DELETE FROM lines WHERE id = (SELECT max(id) FROM lines)";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        using var again = Open(out var reopened);
        var deviceAgain = (await new SqliteDeviceStore(reopened).ListDevicesAsync("P1", None)).Single();
        await again.AppendAsync([Batch(deviceAgain.Id, DateTimeOffset.UtcNow, "new crane")], None);

        Assert.Empty(await Search(again, "P1", "albatross"));
        Assert.Equal(["new crane"], (await Search(again, "P1", "crane")).Select(r => r.Text));
        Assert.Equal(["kept heron"], (await Search(again, "P1", "heron")).Select(r => r.Text));
    }

    [Fact]
    public async Task ADatabaseWithTheIndexInside_IsUpgraded_AndItsLinesFoundByText()
    {
        using (var first = Open(out var database))
        {
            var device = await NewDeviceAsync(database, "P1");
            await first.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, "before the upgrade")], None);
        }

        // Put the file back to schema 2: the index inside it, and no index file.
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "logbeam.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText =
                "CREATE VIRTUAL TABLE lines_fts USING fts5(text, content='lines', content_rowid='id'); " +
                "INSERT INTO lines_fts(lines_fts) VALUES('rebuild'); PRAGMA user_version=2;";
            command.ExecuteNonQuery();
        }

        foreach (var file in Directory.GetFiles(_directory, "logbeam-fts.db*"))
        {
            File.Delete(file);
        }

        using var upgraded = Open(out var reopened);
        Assert.Equal(["before the upgrade"], (await Search(upgraded, "P1", "upgrade")).Select(r => r.Text));
        using var check = new SqliteConnection($"Data Source={reopened.FilePath};Pooling=False");
        check.Open();
        using var tables = check.CreateCommand();
        tables.CommandText = "SELECT count(*) FROM sqlite_master WHERE name = 'lines_fts'";
        Assert.Equal(0L, tables.ExecuteScalar());
    }

    private SqliteLogStore Open(out SqliteDatabase database)
    {
        database = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = _directory }));
        return new SqliteLogStore(database);
    }

    private static async Task<Device> NewDeviceAsync(SqliteDatabase database, string productId)
    {
        var devices = new SqliteDeviceStore(database);
        await devices.CreateProductAsync(new Product(productId, "Text index", DeviceLogLevel.Info, DateTimeOffset.UtcNow), None);
        return await devices.CreateDeviceAsync(new NewDevice(productId, "d1", DeviceAuthMode.Key, "cHNrcHNrcHNrcHNr", null, DateTimeOffset.UtcNow), None)
            ?? throw new InvalidOperationException("device exists");
    }

    private static LogBatch Batch(long deviceId, DateTimeOffset receivedAt, string text) =>
        new(deviceId, Guid.NewGuid().ToString(), receivedAt, null, [new LogLine(DeviceLogLevel.Info, null, null, text)]);

    private static Task<IReadOnlyList<LogRecord>> Search(SqliteLogStore store, string productId, string text) =>
        store.QueryAsync(new LogQuery { ProductId = productId, Text = text }, None);

    private static long IndexEntries(SqliteDatabase database, string word)
    {
        using var connection = new SqliteConnection($"Data Source={database.TextIndexPath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM lines_fts WHERE lines_fts MATCH $word";
        command.Parameters.AddWithValue("$word", word);
        return (long)command.ExecuteScalar()!;
    }
}
