using System.Net.Http.Json;
using System.Text;
using Logbeam.Protocol;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>The legacy endpoint's per-product switch, and what a frame's contents let it refuse: replays and stale timestamps.</summary>
public sealed class LegacyRulesTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    // The Retcodes the SDK sees (LegacyRetcode): 8 legacy uploads off, 9 timestamp outside the window, 10 replayed.
    private const int LegacyOff = 8;
    private const int Expired = 9;
    private const int Replayed = 10;

    private static readonly byte[] TwoLines = Encoding.UTF8.GetBytes(
        "INF|2023-11-15 06:13:20|sample.c|main(1): first\n\fERR|2023-11-15 06:13:21|sample.c|main(2): second\n\f");

    [Fact]
    public async Task LegacyUploadsOff_RefusesFrames_StoresNothing_AndTheJsonEndpointStillWorks()
    {
        var (productId, psk) = await NewDeviceAsync();
        var frame = LegacyFrame.Build('P', productId, "d", 0, TwoLines, psk);

        var product = await server.SetUploadRulesAsync(productId, legacyUploads: false);
        var (retcode, message) = await LegacyUploads.PostAsync(server.Device, frame);

        Assert.False(product.GetProperty("legacyUploads").GetBoolean());
        Assert.Equal(LegacyOff, retcode);
        Assert.Contains("/device/reportlog", message, StringComparison.Ordinal);
        Assert.Empty(await LogsClient.DeviceLinesAsync(server.Admin, productId, "d"));
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, "d", "INF json still works"), psk)));

        // On again: the very frame that was refused is taken (a refused frame is not remembered as received).
        await server.SetUploadRulesAsync(productId, legacyUploads: true);
        Assert.Equal(0, (await LegacyUploads.PostAsync(server.Device, frame)).Retcode);
        Assert.Equal(3, (await LogsClient.DeviceLinesAsync(server.Admin, productId, "d")).Count);
    }

    [Fact]
    public async Task ProductCreatedWithLegacyUploadsOff_RefusesFrames()
    {
        var productId = "L" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();
        (await server.Admin.PostAsJsonAsync("/api/v1/products", new { productId, legacyUploads = false })).EnsureSuccessStatusCode();
        var psk = await server.CreateKeyDeviceAsync(productId, "d");

        Assert.Equal(LegacyOff, (await LegacyUploads.PostAsync(server.Device, LegacyFrame.Build('P', productId, "d", 0, TwoLines, psk))).Retcode);
        Assert.Empty(await LogsClient.DeviceLinesAsync(server.Admin, productId, "d"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ReplayedFrame_IsRefused_AndItsLinesAreStoredOnce(bool withoutTimeSync)
    {
        var (productId, psk) = await NewDeviceAsync();
        var frame = LegacyFrame.Build('P', productId, "d", withoutTimeSync ? 0 : Uploads.Now(), TwoLines, psk);

        var first = await LegacyUploads.PostAsync(server.Device, frame);
        var second = await LegacyUploads.PostAsync(server.Device, frame);
        var third = await LegacyUploads.PostAsync(server.Device, frame);

        Assert.Equal(0, first.Retcode);
        Assert.Equal(Replayed, second.Retcode);
        Assert.Equal(Replayed, third.Retcode);
        Assert.Equal(2, (await LogsClient.DeviceLinesAsync(server.Admin, productId, "d")).Count);
    }

    [Fact]
    public async Task ReplayWithTheSignatureInUpperCase_IsTheSameFrame_AndRefused()
    {
        var (productId, psk) = await NewDeviceAsync();
        var frame = LegacyFrame.Build('P', productId, "d", 0, TwoLines, psk);
        var shouted = Encoding.ASCII.GetBytes(Encoding.ASCII.GetString(frame, 0, 40).ToUpperInvariant()).Concat(frame[40..]).ToArray();
        Assert.NotEqual(frame, shouted);

        Assert.Equal(0, (await LegacyUploads.PostAsync(server.Device, frame)).Retcode);
        Assert.Equal(Replayed, (await LegacyUploads.PostAsync(server.Device, shouted)).Retcode);
        Assert.Equal(2, (await LogsClient.DeviceLinesAsync(server.Admin, productId, "d")).Count);
    }

    [Fact]
    public async Task SameLinesInANewFrame_AreNotAReplay()
    {
        // The C SDK sends the next frame with a new timestamp; a device without time sync sends other lines.
        var (productId, psk) = await NewDeviceAsync();

        Assert.Equal(0, (await LegacyUploads.PostAsync(server.Device, LegacyFrame.Build('P', productId, "d", Uploads.Now(), TwoLines, psk))).Retcode);
        Assert.Equal(0, (await LegacyUploads.PostAsync(server.Device, LegacyFrame.Build('P', productId, "d", Uploads.Now() + 1, TwoLines, psk))).Retcode);
        Assert.Equal(4, (await LogsClient.DeviceLinesAsync(server.Admin, productId, "d")).Count);
    }

    [Theory]
    [InlineData(-3600)]
    [InlineData(3600)]
    public async Task FrameTimestampOutsideTheWindow_IsRefused_AndNothingStored(int offsetSeconds)
    {
        var (productId, psk) = await NewDeviceAsync();
        var frame = LegacyFrame.Build('P', productId, "d", Uploads.Now() + offsetSeconds, TwoLines, psk);

        var (retcode, message) = await LegacyUploads.PostAsync(server.Device, frame);

        Assert.Equal(Expired, retcode);
        Assert.Contains("sync the device clock", message, StringComparison.Ordinal);
        Assert.Empty(await LogsClient.DeviceLinesAsync(server.Admin, productId, "d"));
    }

    private async Task<(string ProductId, string Psk)> NewDeviceAsync()
    {
        var productId = await server.CreateProductAsync();
        return (productId, await server.CreateKeyDeviceAsync(productId, "d"));
    }
}
