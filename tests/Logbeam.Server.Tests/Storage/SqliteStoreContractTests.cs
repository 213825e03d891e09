using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Sqlite;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
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

    [Fact]
    public async Task ADatabaseFromBeforeTheUploadRules_Upgrades_AndItsProductsGetTheDefaults()
    {
        var directory = TempDirectory.Create("logbeam-upgrade");
        try
        {
            using (var connection = new SqliteConnection($"Data Source={Path.Combine(directory, "logbeam.db")};Pooling=False"))
            {
                connection.Open();
                SqliteSchema.Apply(connection, upTo: 3);
                using var insert = connection.CreateCommand();
                insert.CommandText = "INSERT INTO products(product_id, name, default_level, created_at) VALUES('OLD', 'Old', 3, 0)";
                insert.ExecuteNonQuery();
            }

            var database = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = directory }));
            Assert.Equal(SqliteSchema.Version - 3 + SqliteIndexFileSchema.Version, database.Initialize());
            var store = new SqliteDeviceStore(database);

            var product = await store.GetProductAsync("OLD", None);
            Assert.NotNull(product);
            Assert.Equal((false, true), (product.AllowCertificateKeyHmac, product.LegacyUploads));
            Assert.True(await store.SetProductUploadRulesAsync("OLD", true, false, None));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            TempDirectory.Delete(directory);
        }
    }

    protected override Task<StoreSet> OpenStoresAsync() => Task.FromResult(fixture.Stores);

    /// <summary>One SQLite file for the class.</summary>
    public sealed class Fixture : IDisposable
    {
        private readonly string _directory = TempDirectory.Create("logbeam-contract");

        public Fixture()
        {
            var database = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = _directory }));
            database.Initialize();
            Logs = new SqliteLogStore(database);
            Stores = new StoreSet(Logs, new SqliteDeviceStore(database), new SqliteRetention(database), new SqliteActivityStore(database));
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
