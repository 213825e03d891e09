using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Sqlite;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Logbeam.Server.Tests.Storage;

/// <summary>The store contract on a fresh SQLite file, and what only SQLite's retention promises.</summary>
public sealed class SqliteStoreContractTests(SqliteStoreContractTests.Fixture fixture)
    : StoreContractTests, IClassFixture<SqliteStoreContractTests.Fixture>
{
    [Fact]
    public async Task Retention_DeletesLinesByTheMillisecond_NotWholeDays()
    {
        var (productId, device) = await NewDeviceAsync("precise");
        var cutoff = DateTimeOffset.UtcNow.AddDays(-30);
        await Stores.Logs.AppendAsync(
        [
            Batch(device.Id, cutoff.AddSeconds(-1), (Protocol.DeviceLogLevel.Info, "just before")),
            Batch(device.Id, cutoff.AddSeconds(1), (Protocol.DeviceLogLevel.Info, "just after")),
        ], None);

        var removed = await Stores.Retention.RemoveBeforeAsync(cutoff, None);

        Assert.True(removed >= 1);
        Assert.Equal(["just after"], Texts(await Query(new LogQuery { ProductId = productId })));
        Assert.Empty(await Search(productId, "before"));
        Assert.Single(await Search(productId, "after"));
    }

    protected override Task<StoreSet> OpenStoresAsync() => Task.FromResult(fixture.Stores);

    /// <summary>One SQLite file for the class.</summary>
    public sealed class Fixture : IDisposable
    {
        private readonly string _directory = TempDirectory.Create("logbeam-contract");

        public Fixture()
        {
            var database = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = _directory }));
            Logs = new SqliteLogStore(database);
            Stores = new StoreSet(Logs, new SqliteDeviceStore(database), new SqliteRetention(database));
        }

        public StoreSet Stores { get; }

        private SqliteLogStore Logs { get; }

        public void Dispose()
        {
            Logs.Dispose();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            TempDirectory.Delete(_directory);
        }
    }
}
