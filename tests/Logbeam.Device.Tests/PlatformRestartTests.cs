using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Device.Tests.Infrastructure;
using Logbeam.Protocol;

namespace Logbeam.Device.Tests;

/// <summary>The platform dies (SIGKILL) while the device logs and comes back on the same data directory and port.</summary>
public sealed class PlatformRestartTests : IDisposable
{
    private const string ProductId = "RESTART001";
    private readonly string _dataDirectory = TempDirectory.Create("logbeam-device-restart");
    private readonly string _spoolDirectory = TempDirectory.Create("logbeam-device-spool");

    [Fact]
    public async Task PlatformKilledAndRestarted_EveryLineArrives_InOrder_Once()
    {
        var port = FreePort.Next();
        string[] args = ["--urls", $"http://127.0.0.1:{port}", "--Mqtt:Port", "0"];
        var platform = await ServerProcess.StartAsync(_dataDirectory, args);
        string psk;
        try
        {
            (await platform.Admin.PostAsJsonAsync("/api/v1/products", new { productId = ProductId, name = "restart", defaultLogLevel = 4 }))
                .EnsureSuccessStatusCode();
            var created = await platform.Admin.PostAsJsonAsync($"/api/v1/products/{ProductId}/devices", new { deviceName = "survivor" });
            psk = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("psk").GetString()!;
        }
        catch
        {
            await platform.DisposeAsync();
            throw;
        }

        await using var client = TestDevices.Builder(platform.BaseAddress, null, ProductId, "survivor", psk)
            .UseSpool(_spoolDirectory)
            .Configure(o =>
            {
                o.InitialLevel = DeviceLogLevel.Debug;
                o.BatchSize = 7;
                o.MaxPendingBatches = 2;
            })
            .Build();

        var line = 0;
        async Task LogAsync(int until)
        {
            for (; line < until; line++)
            {
                client.Log(DeviceLogLevel.Info, "seq", $"n{line:D5}");
                if (line % 5 == 0)
                {
                    await Task.Delay(10);
                }
            }
        }

        await LogAsync(100);
        platform.KillHard(); // maybe in the middle of an upload: committed, answer never sent
        await platform.DisposeAsync();
        await LogAsync(300);
        await TestDevices.EventuallyAsync(() => client.Counters.Spooled > 0, "batches spill to the spool while the platform is down");
        Assert.NotNull(client.Counters.LastError);

        await using var restarted = await ServerProcess.StartAsync(_dataDirectory, args);
        await LogAsync(400);
        Assert.True(await client.FlushAsync(TimeSpan.FromSeconds(60)), $"not everything was sent: {client.Counters}");

        var texts = await TestDevices.TextsAsync(restarted.Admin, ProductId, "survivor");
        Assert.Equal(Enumerable.Range(0, 400).Select(i => $"n{i:D5}"), texts);
        var counters = client.Counters;
        Assert.Equal(400, counters.Sent);
        Assert.Equal(0, counters.Dropped);
        Assert.Equal(0, counters.Spooled);
        Assert.True(counters.FailedAttempts > 0);
    }

    public void Dispose()
    {
        TempDirectory.Delete(_dataDirectory);
        TempDirectory.Delete(_spoolDirectory);
    }
}
