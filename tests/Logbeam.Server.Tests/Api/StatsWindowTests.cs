using Logbeam.Protocol;
using Logbeam.Server.Api;
using Logbeam.Server.Devices;
using Logbeam.Server.Storage;
using Logbeam.Server.Storage.Sqlite;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Logbeam.Server.Tests.Api;

/// <summary>The stats' device list ends at the request's own millisecond, with a clock that holds still.</summary>
public sealed class StatsWindowTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create("logbeam-stats");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        TempDirectory.Delete(_directory);
    }

    [Fact]
    public async Task ALineReceivedInTheSameMillisecondAsTheRequest_IsCounted_AndOneAfterItIsNot()
    {
        // 0.4 ms into a millisecond: a line received at its start is stored as that millisecond.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero).AddTicks(4_000));
        var database = new SqliteDatabase(Options.Create(new StorageOptions { DataDirectory = _directory }));
        database.Initialize();
        using var store = new SqliteLogStore(database);
        var registry = new DeviceRegistry(new SqliteDeviceStore(database), clock);
        await registry.LoadAsync(CancellationToken.None);
        await registry.CreateProductAsync("P1", "stats", DeviceLogLevel.Info, CancellationToken.None);
        var now = (await registry.CreateDeviceAsync("P1", "now", DeviceAuthMode.Key, null, null, CancellationToken.None)).Device;
        var later = (await registry.CreateDeviceAsync("P1", "later", DeviceAuthMode.Key, null, null, CancellationToken.None)).Device;
        var thisMillisecond = new DateTimeOffset(2026, 3, 1, 12, 0, 0, 123, TimeSpan.Zero);
        await store.AppendAsync(
            [Batch(now.Id, thisMillisecond), Batch(later.Id, thisMillisecond.AddMilliseconds(1))], CancellationToken.None);

        var result = await StatsApi.GetAsync("P1", 15, registry, store, clock, CancellationToken.None);

        var stats = Assert.IsType<Ok<ProductStats>>(result.Result).Value!;
        Assert.Equal(["now"], stats.Devices.Select(d => d.DeviceName));
    }

    private static LogBatch Batch(long deviceId, DateTimeOffset receivedAt) =>
        new(deviceId, Guid.NewGuid().ToString(), receivedAt, null, [new LogLine(DeviceLogLevel.Info, null, null, "hello")]);
}
