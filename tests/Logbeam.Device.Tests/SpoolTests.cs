using Logbeam.Device.Tests.Infrastructure;
using Logbeam.Protocol;

namespace Logbeam.Device.Tests;

/// <summary>Batches that could not be sent survive the device process and are sent, once, by the next one.</summary>
public sealed class SpoolTests(LogbeamServer server) : IClassFixture<LogbeamServer>, IDisposable
{
    private readonly string _spool = TempDirectory.Create("logbeam-spool");

    [Fact]
    public async Task ClosedWhileThePlatformIsUnreachable_NextClientSendsTheSpool()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "reboot");
        var nowhere = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        await using (var offline = TestDevices.Builder(nowhere, null, productId, "reboot", psk)
            .UseSpool(_spool)
            .Configure(o =>
            {
                o.InitialLevel = DeviceLogLevel.Debug;
                o.FlushTimeout = TimeSpan.FromMilliseconds(500);
            })
            .Build())
        {
            for (var i = 0; i < 30; i++)
            {
                offline.Log(DeviceLogLevel.Warn, "boot", $"offline {i:D2}");
            }

            Assert.False(await offline.FlushAsync());
        }

        Assert.NotEmpty(Directory.GetFiles(_spool, "*.batch"));
        await using var online = TestDevices.Builder(server.BaseAddress, null, productId, "reboot", psk)
            .UseSpool(_spool)
            .Configure(o => o.InitialLevel = DeviceLogLevel.Debug)
            .Build();
        Assert.Equal(30, online.Counters.Spooled);
        online.Log(DeviceLogLevel.Warn, "boot", "online");
        Assert.True(await online.FlushAsync());

        var expected = Enumerable.Range(0, 30).Select(i => $"offline {i:D2}").Append("online");
        Assert.Equal(expected, await TestDevices.TextsAsync(server.Admin, productId, "reboot"));
        Assert.Empty(Directory.GetFiles(_spool, "*.batch"));
    }

    [Fact]
    public async Task SpoolOverItsCap_DropsTheOldestBatches_AndCountsThem()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "capped");
        var nowhere = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        await using var client = TestDevices.Builder(nowhere, null, productId, "capped", psk)
            .UseSpool(_spool, maxBytes: 2_000)
            .Configure(o =>
            {
                o.InitialLevel = DeviceLogLevel.Debug;
                o.BatchSize = 5;
                o.FlushTimeout = TimeSpan.FromMilliseconds(200);
            })
            .Build();
        await TestDevices.EventuallyAsync(() => Log(client) && client.Counters.Dropped > 0, "the spool overflows");

        // The cap, plus at most the newest batch and the one being sent (about 600 bytes each here).
        var bytes = Directory.GetFiles(_spool, "*.batch").Sum(f => new FileInfo(f).Length);
        Assert.True(bytes <= 2_000 + 1_500, $"the spool holds {bytes} bytes");
        Assert.True(client.Counters.Spooled > 0);
    }

    public void Dispose() => TempDirectory.Delete(_spool);

    private static bool Log(LogbeamDeviceClient client)
    {
        for (var i = 0; i < 10; i++)
        {
            client.Log(DeviceLogLevel.Info, "fill", "a line long enough to fill a small spool quickly: 0123456789");
        }

        return true;
    }
}
