using System.Text;
using Logbeam.Protocol;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>The C SDK's <c>/cgi-bin/report-log</c> frame: accepted, and every kind of bad frame refused with nothing stored.</summary>
public sealed class LegacyReportTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private static readonly byte[] TwoLines = Encoding.UTF8.GetBytes(
        "INF|2023-11-15 06:13:20|sample.c|main(1): first\n\fERR|2023-11-15 06:13:21|sample.c|main(2): second\n\f");

    [Fact]
    public async Task KeyDeviceFrame_StoresItsLines_WithoutATimestampCheck()
    {
        var (productId, psk) = await NewDeviceAsync();
        var frame = LegacyFrame.Build('P', productId, "d", timestamp: 0, TwoLines, psk);

        Assert.Equal(0, await PostAsync(frame));

        var lines = await LogsClient.DeviceLinesAsync(server.Admin, productId, "d");
        Assert.Equal(["main(2): second", "main(1): first"], lines.Select(l => l.GetProperty("text").GetString()));
        Assert.Equal([1, 3], lines.Select(l => l.GetProperty("level").GetInt32()));
    }

    [Fact]
    public async Task CertDeviceFrame_IsSignedWithTheCertificateKey_WhereTheProductAllowsIt()
    {
        var productId = await server.CreateProductAsync();
        var pem = Vectors.ReadText("dev_cert.pem");
        await server.CreateCertDeviceAsync(productId, "cert", pem);
        await server.SetUploadRulesAsync(productId, allowCertificateKeyHmac: true);
        var certificateKey = pem.Split('\n')[1][..24];

        Assert.Equal(0, await PostAsync(LegacyFrame.Build('C', productId, "cert", Uploads.Now(), TwoLines, certificateKey)));
        Assert.Equal(2, (await LogsClient.DeviceLinesAsync(server.Admin, productId, "cert")).Count);
    }

    [Fact]
    public async Task TooShort_Refused()
    {
        var (productId, psk) = await NewDeviceAsync();
        var frame = LegacyFrame.Build('P', productId, "d", 0, TwoLines, psk)[..100];
        await AssertRefusedAsync(frame, productId);
    }

    [Fact]
    public async Task BadPadding_Refused()
    {
        var (productId, psk) = await NewDeviceAsync();
        var frame = LegacyFrame.Build('P', productId, "d", 0, TwoLines, psk);
        frame[54 + 30] = (byte)'x'; // a character in the middle of the device name's '#' padding
        await AssertRefusedAsync(frame, productId);
    }

    [Fact]
    public async Task BadSignature_Refused()
    {
        var (productId, psk) = await NewDeviceAsync();
        var frame = LegacyFrame.Build('P', productId, "d", 0, TwoLines, psk);
        frame[^3] ^= 0x20; // change one log byte after signing
        await AssertRefusedAsync(frame, productId);
    }

    [Fact]
    public async Task AuthTypeNotMatchingTheDevice_Refused()
    {
        var (productId, psk) = await NewDeviceAsync();
        await AssertRefusedAsync(LegacyFrame.Build('C', productId, "d", 0, TwoLines, psk), productId);
    }

    [Fact]
    public async Task BadAuthTypeOrTimestamp_Refused()
    {
        var (productId, psk) = await NewDeviceAsync();
        var badType = LegacyFrame.Build('P', productId, "d", 0, TwoLines, psk);
        badType[40] = (byte)'X';
        var badTime = LegacyFrame.Build('P', productId, "d", 0, TwoLines, psk);
        badTime[105] = (byte)'a';
        await AssertRefusedAsync(badType, productId);
        await AssertRefusedAsync(badTime, productId);
    }

    [Fact]
    public async Task UnknownOrDisabledDevice_Refused()
    {
        var (productId, psk) = await NewDeviceAsync();
        await AssertRefusedAsync(LegacyFrame.Build('P', productId, "ghost", 0, TwoLines, psk), productId);
        (await server.Admin.PostAsync($"/api/v1/products/{productId}/devices/d/disable", null)).EnsureSuccessStatusCode();
        await AssertRefusedAsync(LegacyFrame.Build('P', productId, "d", 0, TwoLines, psk), productId);
    }

    [Fact]
    public async Task HeaderOnly_NoLines_Refused()
    {
        var (productId, psk) = await NewDeviceAsync();
        await AssertRefusedAsync(LegacyFrame.Build('P', productId, "d", 0, [], psk), productId);
    }

    private async Task<(string ProductId, string Psk)> NewDeviceAsync()
    {
        // Legacy frames carry at most 10 bytes of product id.
        var productId = await server.CreateProductAsync();
        Assert.True(productId.Length <= 10);
        return (productId, await server.CreateKeyDeviceAsync(productId, "d"));
    }

    private async Task<int> PostAsync(byte[] frame) => (await LegacyUploads.PostAsync(server.Device, frame)).Retcode;

    private async Task AssertRefusedAsync(byte[] frame, string productId)
    {
        Assert.NotEqual(0, await PostAsync(frame));
        Assert.Empty(await LogsClient.DeviceLinesAsync(server.Admin, productId, "d"));
    }
}
