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
public sealed class SqliteLineIndexerTests : IDisposable
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
        await WaitUntilIndexedAsync(store, before + 2, TimeSpan.FromSeconds(10));

        Assert.Equal(before + 2, store.TextIndexedUpTo);
        Assert.Equal(1, IndexEntries(database, "third"));
    }

    [Fact]
    public async Task AStepsWorthOfLines_IsIndexedWithoutWaitingForMoreToGather_AFewLinesWait()
    {
        // Commits gather for an hour here, unless a step's worth of lines waits.
        using var store = Open(out var database, gatherTime: TimeSpan.FromHours(1));
        var device = await NewDeviceAsync(database, "P1");
        await store.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, "first")], None);
        Assert.Single(await Search(store, "P1", "first")); // a search hurries the index
        var before = store.TextIndexedUpTo;

        var lines = Enumerable.Range(0, SqliteLineIndexer.LinesPerStep).Select(i => new LogLine(DeviceLogLevel.Info, null, null, $"bulk {i}")).ToList();
        await store.AppendAsync([new LogBatch(device.Id, Guid.NewGuid().ToString(), DateTimeOffset.UtcNow, null, lines)], None);
        await WaitUntilIndexedAsync(store, before + lines.Count, TimeSpan.FromSeconds(20));

        Assert.Equal(before + lines.Count, store.TextIndexedUpTo);
        Assert.Equal(1, IndexEntries(database, "19999"));

        // One more line gathers: nothing hurries it.
        await store.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, "late")], None);
        await Task.Delay(500);
        Assert.Equal(before + lines.Count, store.TextIndexedUpTo);
        Assert.Equal(0, IndexEntries(database, "late"));
    }

    [Fact]
    public async Task AGroupCommit_WaitsForAnIndexMoreThan50000LinesBehind_AndGoesOnOnceItCatchesUp()
    {
        // Patience long enough that only the index's progress lets the commit go on, however slow the machine.
        using var store = Open(out var database, lagPatience: TimeSpan.FromMinutes(1));
        var device = await NewDeviceAsync(database, "P1");
        await store.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, "warm")], None);
        Assert.Single(await Search(store, "P1", "warm")); // the index has caught up once: it is following

        // Hold the index's file, so the index cannot move, and commit more lines than it may fall behind.
        using var holder = new SqliteConnection($"Data Source={database.IndexFilePath};Pooling=False");
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
    public async Task ADevicesLines_AreReadFromTheDeviceIndexAndFromPastItsMark_InOrder_AcrossBoth()
    {
        using var store = Open(out var database);
        var a = await NewDeviceAsync(database, "P1", "a");
        var b = await NewDeviceAsync(database, "P1", "b");
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 3; i++)
        {
            await store.AppendAsync([Batch(a.Id, now, $"a indexed {i}"), Batch(b.Id, now, $"b indexed {i}")], None);
        }

        Assert.Equal(3, (await Search(store, "P1", "indexed")).Count(r => r.DeviceName == "a"));
        var mark = store.TextIndexedUpTo;

        // The index cannot move: these lines stay past its mark.
        using (HoldIndex(database))
        {
            for (var i = 0; i < 3; i++)
            {
                await store.AppendAsync([Batch(b.Id, now, $"b new {i}"), Batch(a.Id, now, $"a new {i}")], None);
            }

            var newest = await DeviceLines(store, "a", limit: 5);
            Assert.Equal(["a new 2", "a new 1", "a new 0", "a indexed 2", "a indexed 1"], newest.Select(r => r.Text));
            Assert.Equal(mark, store.TextIndexedUpTo);
            Assert.True(newest[2].Id > mark && newest[3].Id <= mark, "the page spans the mark");

            var first = (await DeviceLines(store, "a", limit: 1, afterId: 0)).Single();
            Assert.Equal("a indexed 0", first.Text);
            var onwards = await DeviceLines(store, "a", limit: 4, afterId: first.Id);
            Assert.Equal(["a indexed 1", "a indexed 2", "a new 0", "a new 1"], onwards.Select(r => r.Text));

            var olderPage = await store.QueryAsync(new LogQuery { ProductId = "P1", DeviceName = "b", Limit = 10, BeforeId = newest[1].Id }, None);
            Assert.Equal(["b new 1", "b new 0", "b indexed 2", "b indexed 1", "b indexed 0"], olderPage.Select(r => r.Text));
        }

        // Once the index moves on, the same lines come from it alone.
        Assert.Equal(3, (await Search(store, "P1", "new")).Count(r => r.DeviceName == "a"));
        Assert.True(store.TextIndexedUpTo > mark);
        Assert.Equal(12, Scalar(database.IndexFilePath, "SELECT count(*) FROM device_lines"));
        Assert.Equal(
            ["a new 2", "a new 1", "a new 0", "a indexed 2", "a indexed 1", "a indexed 0"],
            (await DeviceLines(store, "a", limit: 100)).Select(r => r.Text));
    }

    [Fact]
    public async Task AnIndexFileFromBeforeTheDeviceIndex_GetsTheDeviceEntries_AndTheDatabaseLosesItsOwnDeviceIndex()
    {
        using (var first = Open(out var database))
        {
            var device = await NewDeviceAsync(database, "P1", "a");
            await first.AppendAsync([Batch(device.Id, DateTimeOffset.UtcNow, "older line"), Batch(device.Id, DateTimeOffset.UtcNow, "newer line")], None);
            Assert.Equal(2, (await Search(first, "P1", "line")).Count);
        }

        // Put both files back to how the version before left them.
        SqliteConnection.ClearAllPools();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "logbeam-fts.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TABLE device_lines; PRAGMA user_version=0;";
            command.ExecuteNonQuery();
        }

        var databaseFile = Path.Combine(_directory, "logbeam.db");
        using (var connection = new SqliteConnection($"Data Source={databaseFile};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE INDEX ix_lines_device ON lines(device_id); PRAGMA user_version=5;";
            command.ExecuteNonQuery();
        }

        using var upgraded = Open(out var reopened);
        Assert.Equal(2, Scalar(reopened.IndexFilePath, "SELECT count(*) FROM device_lines"));
        Assert.Equal(1, Scalar(reopened.IndexFilePath, "PRAGMA user_version"));
        Assert.Equal(0, Scalar(databaseFile, "SELECT count(*) FROM sqlite_master WHERE name = 'ix_lines_device'"));
        Assert.Equal(["newer line", "older line"], (await DeviceLines(upgraded, "a", limit: 10)).Select(r => r.Text));
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
        Assert.Equal(1, Scalar(database.IndexFilePath, "SELECT count(*) FROM device_lines"));
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
            await NewDeviceAsync(database, "P1", "other");
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
        var other = (await new SqliteDeviceStore(reopened).ListDevicesAsync("P1", None)).Single(d => d.DeviceName == "other");
        await again.AppendAsync([Batch(other.Id, DateTimeOffset.UtcNow, "new crane")], None);

        Assert.Empty(await Search(again, "P1", "albatross"));
        Assert.Equal(["new crane"], (await Search(again, "P1", "crane")).Select(r => r.Text));
        Assert.Equal(["kept heron"], (await Search(again, "P1", "heron")).Select(r => r.Text));

        // The new line took the lost line's id, from another device: the lost line's device entry went with it.
        Assert.Equal(["kept heron"], (await DeviceLines(again, "d1", limit: 10)).Select(r => r.Text));
        Assert.Equal(["new crane"], (await DeviceLines(again, "other", limit: 10)).Select(r => r.Text));
    }

    [Fact]
    public async Task ADatabaseWithTheIndexInside_IsUpgraded_AndItsLinesFoundByText()
    {
        // A file of schema 2, made by its own steps (later steps may change other tables): the index inside it, and no index file.
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(_directory, "logbeam.db")};Pooling=False"))
        {
            connection.Open();
            SqliteSchema.Apply(connection, upTo: 2);
            using var command = connection.CreateCommand();
            command.CommandText =
                "INSERT INTO products(product_id, name, default_level, created_at) VALUES('P1', 'P1', 3, 0); " +
                "INSERT INTO devices(id, product_id, device_name, auth_mode, psk, created_at) VALUES(1, 'P1', 'd1', 0, 'cHNrcHNrcHNrcHNr', 0); " +
                "INSERT INTO requests(id, request_id, device_id, received_at) VALUES(1, 'r1', 1, $now); " +
                "INSERT INTO lines(device_id, request, level, received_at, text) VALUES(1, 1, 3, $now, 'before the upgrade'); " +
                "INSERT INTO lines_fts(lines_fts) VALUES('rebuild');";
            command.Parameters.AddWithValue("$now", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
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

    private SqliteLogStore Open(out SqliteDatabase database, TimeSpan? gatherTime = null, TimeSpan? lagPatience = null)
    {
        database = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = _directory }));
        database.Initialize();
        return lagPatience is { } patience
            ? new SqliteLogStore(database, logger: null, gatherTime) { TextIndexLagPatience = patience }
            : new SqliteLogStore(database, logger: null, gatherTime);
    }

    private static async Task<Device> NewDeviceAsync(SqliteDatabase database, string productId, string deviceName = "d1")
    {
        var devices = new SqliteDeviceStore(database);
        if (await devices.GetProductAsync(productId, None) is null)
        {
            await devices.CreateProductAsync(new Product(productId, "Text index", DeviceLogLevel.Info, DateTimeOffset.UtcNow), None);
        }

        return await devices.CreateDeviceAsync(new NewDevice(productId, deviceName, DeviceAuthMode.Key, "cHNrcHNrcHNrcHNr", null, DateTimeOffset.UtcNow), None)
            ?? throw new InvalidOperationException("device exists");
    }

    private static Task<IReadOnlyList<LogRecord>> DeviceLines(SqliteLogStore store, string deviceName, int limit, long? afterId = null) =>
        store.QueryAsync(new LogQuery { ProductId = "P1", DeviceName = deviceName, Limit = limit, AfterId = afterId }, None);

    /// <summary>Holds the index file's write lock, so the index cannot move, until disposed.</summary>
    private static SqliteConnection HoldIndex(SqliteDatabase database)
    {
        var holder = new SqliteConnection($"Data Source={database.IndexFilePath};Pooling=False");
        holder.Open();
        using var begin = holder.CreateCommand();
        begin.CommandText = "BEGIN IMMEDIATE";
        begin.ExecuteNonQuery();
        return holder;
    }

    private static long Scalar(string file, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    private static LogBatch Batch(long deviceId, DateTimeOffset receivedAt, string text) =>
        new(deviceId, Guid.NewGuid().ToString(), receivedAt, null, [new LogLine(DeviceLogLevel.Info, null, null, text)]);

    private static Task<IReadOnlyList<LogRecord>> Search(SqliteLogStore store, string productId, string text) =>
        store.QueryAsync(new LogQuery { ProductId = productId, Text = text }, None);

    /// <summary>Waits, without hurrying the index, until it reaches <paramref name="lineId"/> or the time is up.</summary>
    private static async Task WaitUntilIndexedAsync(SqliteLogStore store, long lineId, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (store.TextIndexedUpTo < lineId && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }
    }

    private static long IndexEntries(SqliteDatabase database, string word)
    {
        using var connection = new SqliteConnection($"Data Source={database.IndexFilePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM lines_fts WHERE lines_fts MATCH $word";
        command.Parameters.AddWithValue("$word", word);
        return (long)command.ExecuteScalar()!;
    }
}
