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
        var databases = Enumerable.Range(0, 4).Select(_ => new PostgresDatabase(options, NullLoggerFactory.Instance)).ToArray();
        try
        {
            var applied = await Task.WhenAll(databases.Select(d => Task.Run(() => d.InitializeAsync(None))));
            Assert.Equal(PostgresSchema.Version, applied.Sum());
            await using var command = databases[0].DataSource.CreateCommand("SELECT count(*), max(version) FROM logbeam_schema");
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.Equal(1, reader.GetInt64(0));
            Assert.Equal(PostgresSchema.Version, reader.GetInt32(1));
        }
        finally
        {
            foreach (var database in databases)
            {
                await database.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task ConstructionTouchesNothing_TheFirstStartMigrates_AndTheNextAppliesNothingAndKeepsTheData()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        var options = Options.Create(new StorageOptions { ConnectionString = connectionString });
        await using (var constructed = new PostgresDatabase(options, NullLoggerFactory.Instance))
        {
            await using var tables = constructed.DataSource.CreateCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
            Assert.Equal(0L, await tables.ExecuteScalarAsync());
        }

        long deviceId;
        await using (var first = new PostgresDatabase(options, NullLoggerFactory.Instance))
        {
            Assert.Equal(PostgresSchema.Version, await first.InitializeAsync(None));
            var devices = new PostgresDeviceStore(first);
            await devices.CreateProductAsync(new Devices.Product("P1", "Kept", Protocol.DeviceLogLevel.Info, DateTimeOffset.UtcNow), None);
            deviceId = (await devices.CreateDeviceAsync(
                new Devices.NewDevice("P1", "d1", Devices.DeviceAuthMode.Key, "cHNrcHNrcHNrcHNr", null, DateTimeOffset.UtcNow), None))!.Id;
            await new PostgresLogStore(first).AppendAsync([Batch(deviceId, DateTimeOffset.UtcNow, (Protocol.DeviceLogLevel.Info, "kept line"))], None);
        }

        await using var second = new PostgresDatabase(options, NullLoggerFactory.Instance);
        Assert.Equal(0, await second.InitializeAsync(None));
        Assert.Equal(["kept line"], Texts(await new PostgresLogStore(second).QueryAsync(new LogQuery { ProductId = "P1", Text = "kept" }, None)));
        var days = await second.Partitions.ListAsync(None);
        Assert.Contains(PostgresPartitions.DayOf(DateTimeOffset.UtcNow.AddDays(PostgresPartitions.DaysAhead)), days);
    }

    [Fact]
    public async Task WordsFunctions_GiveWhatVersion1Gave_SoIndexesBuiltBeforeTheMigrationStayValid()
    {
        // Version 2 rewrote lines_words and words_phrase to skip spaces; an index built by version 1 is only still right if
        // every text gives the very same tsvector. Texts made of every ASCII character but NUL, runs of blanks and
        // separators, and non-ASCII letters, digits and symbols.
        var pieces = new List<string> { " ", "  ", "\t", "\n", "\r\n", " - ", "//", " /", "/ ", "温度", "过高", "，", "。", "É", "ß", "İ", "😀", "½", "١٢٣" };
        pieces.AddRange(Enumerable.Range(1, 127).Select(c => ((char)c).ToString()));
        pieces.AddRange(["disk", "FULL", "var", "log", "E42", "3.14", "1e5", "http://x.y/z", "a@b.com", "x-y", "v1.2.3", "<b>", "&amp;", "C++"]);
        var random = new Random(7);
        var texts = Enumerable.Range(0, 20_000)
            .Select(_ => string.Concat(Enumerable.Range(0, random.Next(1, 16)).Select(_ => pieces[random.Next(pieces.Count)])))
            .Concat(["", " ", "a  b", " a b ", "a / b", "/var/log/app", "temp=42 sensor", "设备 温度过高 code=E42"])
            .ToArray();

        await using var connection = await fixture.Database!.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(
            """
            CREATE FUNCTION pg_temp.words_v1(text) RETURNS tsvector LANGUAGE sql IMMUTABLE
                RETURN to_tsvector('simple'::regconfig, regexp_replace($1, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+', ' ', 'g'));
            CREATE FUNCTION pg_temp.phrase_v1(text) RETURNS tsquery LANGUAGE sql IMMUTABLE
                RETURN phraseto_tsquery('simple'::regconfig, regexp_replace($1, '[\x01-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]+', ' ', 'g'));
            """,
            connection);
        await command.ExecuteNonQueryAsync();
        command.CommandText =
            "SELECT count(*) FILTER (WHERE lines_words(t)::text <> pg_temp.words_v1(t)::text), " +
            "count(*) FILTER (WHERE words_phrase(t)::text <> pg_temp.phrase_v1(t)::text), " +
            "count(*) FILTER (WHERE length(lines_words(t)) > 1) FROM unnest(@texts) t";
        command.Parameters.AddWithValue("texts", texts);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(0, reader.GetInt64(0));
        Assert.Equal(0, reader.GetInt64(1));
        Assert.True(reader.GetInt64(2) > texts.Length / 2, "most texts should hold several words, or the comparison proves little");
    }

    [Fact]
    public async Task ADatabaseFromBeforeTheUploadRules_Upgrades_AndItsProductsGetTheDefaults()
    {
        var connectionString = await cluster.CreateDatabaseAsync();
        await using (var old = NpgsqlDataSource.Create(connectionString))
        {
            await PostgresSchema.ApplyAsync(old, None, upTo: 2);
            await using var insert = old.CreateCommand("INSERT INTO products(product_id, name, default_level, created_at) VALUES('OLD', 'Old', 3, now())");
            await insert.ExecuteNonQueryAsync();
        }

        await using var database = new PostgresDatabase(Options.Create(new StorageOptions { ConnectionString = connectionString }), NullLoggerFactory.Instance);
        Assert.Equal(PostgresSchema.Version - 2, await database.InitializeAsync(None));
        var store = new PostgresDeviceStore(database);

        var product = await store.GetProductAsync("OLD", None);
        Assert.NotNull(product);
        Assert.Equal((false, true), (product.AllowCertificateKeyHmac, product.LegacyUploads));
        Assert.True(await store.SetProductUploadRulesAsync("OLD", true, false, None));
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
                    await Database.InitializeAsync(CancellationToken.None);
                    _stores = new StoreSet(
                        new PostgresLogStore(Database), new PostgresDeviceStore(Database), new PostgresRetention(Database, NullLogger<PostgresRetention>.Instance),
                        new PostgresActivityStore(Database));
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
