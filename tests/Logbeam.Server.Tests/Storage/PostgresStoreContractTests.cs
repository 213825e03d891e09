using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Postgres;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Logbeam.Server.Tests.Storage;

/// <summary>The store contract on a real PostgreSQL, and what only the partitioned schema promises.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresStoreContractTests(PostgresCluster cluster, PostgresStoreContractTests.Fixture fixture)
    : StoreContractTests, IClassFixture<PostgresStoreContractTests.Fixture>
{
    [Fact]
    public async Task Retention_DropsWholeOldPartitions_AndKeepsTodayAndTheDaysAhead()
    {
        var (productId, device) = await NewDeviceAsync("partitioned");
        var now = DateTimeOffset.UtcNow;
        await Stores.Logs.AppendAsync([Batch(device.Id, now.AddDays(-40), (Protocol.DeviceLogLevel.Info, "forty days old"))], None);
        var partitions = fixture.Database!.Partitions;
        Assert.Contains(PostgresPartitions.DayOf(now.AddDays(-40)), await partitions.ListAsync(None));

        await Stores.Retention.RemoveBeforeAsync(now.AddDays(-30), None);

        var days = await partitions.ListAsync(None);
        Assert.DoesNotContain(PostgresPartitions.DayOf(now.AddDays(-40)), days);
        Assert.All(days, day => Assert.True(day >= PostgresPartitions.DayOf(now.AddDays(-30))));
        for (var ahead = 0; ahead <= PostgresPartitions.DaysAhead; ahead++)
        {
            Assert.Contains(PostgresPartitions.DayOf(now.AddDays(ahead)), days);
        }

        Assert.Empty(await Query(new LogQuery { ProductId = productId }));

        // A line for a day whose partition is gone, or was never made, makes it again.
        await Stores.Logs.AppendAsync([Batch(device.Id, now.AddDays(-40), (Protocol.DeviceLogLevel.Info, "late arrival"))], None);
        Assert.Equal(["late arrival"], Texts(await Query(new LogQuery { ProductId = productId })));
    }

    [Fact]
    public async Task Migrations_AppliedByManyNodesAtOnce_RunOnce()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var options = Options.Create(new StorageOptions { ConnectionString = connectionString });
        var starts = Enumerable.Range(0, 4).Select(_ => Task.Run(() => new PostgresDatabase(options, NullLoggerFactory.Instance))).ToArray();
        var databases = await Task.WhenAll(starts);
        try
        {
            await using var command = databases[0].DataSource.CreateCommand("SELECT count(*), max(version) FROM logbeam_schema");
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(1, reader.GetInt64(0));
            Assert.Equal(1, reader.GetInt32(1));
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }
        }
    }

    protected override async Task<StoreSet> OpenStoresAsync() => await fixture.OpenAsync(cluster);

    /// <summary>One database for the class, made on the shared cluster.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private StoreSet? _stores;

        public PostgresDatabase? Database { get; private set; }

        public async Task<StoreSet> OpenAsync(PostgresCluster cluster)
        {
            await _gate.WaitAsync();
            try
            {
                if (_stores is null)
                {
                    var options = Options.Create(new StorageOptions { ConnectionString = await cluster.CreateDatabaseAsync() });
                    Database = new PostgresDatabase(options, NullLoggerFactory.Instance);
                    _stores = new StoreSet(
                        new PostgresLogStore(Database), new PostgresDeviceStore(Database), new PostgresRetention(Database, NullLogger<PostgresRetention>.Instance));
                }

                return _stores;
            }
            finally
            {
                _gate.Release();
            }
        }

        public Task InitializeAsync() => Task.CompletedTask;

        public async Task DisposeAsync()
        {
            if (Database is not null)
            {
                await Database.DisposeAsync();
            }

            NpgsqlConnection.ClearAllPools();
            _gate.Dispose();
        }
    }
}
