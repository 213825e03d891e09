using System.Net.Http.Json;
using Logbeam.Protocol;
using Logbeam.Server.Tests.Infrastructure;
using Logbeam.Server.Tests.Mqtt;

namespace Logbeam.Server.Tests.ScaleOut;

/// <summary>
/// Two Logbeam nodes on one PostgreSQL database, as behind a load balancer: whatever a device or an operator does
/// through one node holds on the other.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoNodeTests(PostgresCluster cluster) : TwoNodes(cluster)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task UploadThroughA_IsReadThroughB_AndADeviceMadeOnAUploadsThroughB()
    {
        var (productId, psk) = await DeviceKnownToBothAsync("reader");
        await UploadAsync(A, productId, "reader", psk, "INF|2026-01-01 10:00:00|x|through a");
        await UploadAsync(B, productId, "reader", psk, "INF|2026-01-01 10:00:01|x|through b");

        foreach (var node in new[] { A, B })
        {
            var lines = await LogsClient.DeviceLinesAsync(node.Admin, productId, "reader");
            Assert.Equal(["through b", "through a"], lines.Select(l => l.GetProperty("text").GetString()));
        }
    }

    [Fact]
    public async Task RequestAcceptedByA_ReplayedToB_IsRefused()
    {
        var (productId, psk) = await DeviceKnownToBothAsync("replayed");
        var body = Uploads.CBody(productId, "replayed", "INF|2026-01-01 10:00:00|x|only once");
        var timestamp = Uploads.Now();
        var nonce = Uploads.NextNonce();

        Assert.Null(await Uploads.SendForCodeAsync(A.Device, Uploads.Hmac(body, psk, timestamp: timestamp, nonce: nonce)));
        Assert.Equal(ReportLogErrorCodes.ReplayedNonce,
            await Uploads.SendForCodeAsync(B.Device, Uploads.Hmac(body, psk, timestamp: timestamp, nonce: nonce)));
        Assert.Equal(ReportLogErrorCodes.ReplayedNonce,
            await Uploads.SendForCodeAsync(A.Device, Uploads.Hmac(body, psk, timestamp: timestamp, nonce: nonce)));
        Assert.Single(await LogsClient.DeviceLinesAsync(B.Admin, productId, "replayed"));
    }

    [Fact]
    public async Task LevelSetThroughB_IsPushedToTheDeviceConnectedToA_AndItsExpiryFallsBackOnce()
    {
        var (productId, psk) = await DeviceKnownToBothAsync("listener", defaultLevel: 1);
        await using var device = await TestDevice.ConnectAsync(productId, "listener", SdkCredentials.C(productId, "listener", psk), A.MqttPort);

        await LevelsApi.SetDeviceLevelAsync(B.Admin, productId, "listener", 4, DateTimeOffset.UtcNow.AddSeconds(2));
        Assert.Equal(4, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));

        // Both nodes watch the expiry; only the node the device is connected to pushes.
        Assert.Equal(1, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic, Wait)));
        await device.AssertQuietAsync(device.LogResultTopic, TimeSpan.FromSeconds(2));

        await LevelsApi.SetProductLevelAsync(B.Admin, productId, 2);
        Assert.Equal(2, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));
        Assert.Equal(2, TestDevice.LevelOf(await device.GetLogLevelAsync("asked-a")));
    }

    [Fact]
    public async Task DeviceDisabledThroughB_IsRefusedByA()
    {
        var (productId, psk) = await DeviceKnownToBothAsync("disabled");
        await LevelsApi.SetEnabledAsync(B.Admin, productId, "disabled", enabled: false);
        await LevelsApi.EventuallyAsync(
            async () => await Uploads.SendForCodeAsync(A.Device, Uploads.Hmac(Uploads.CBody(productId, "disabled", "INF x"), psk))
                == ReportLogErrorCodes.DeviceDisabled,
            "node A refuses a device disabled through node B");
    }

    [Fact]
    public async Task LiveTailOnB_ShowsLinesIngestedThroughA()
    {
        var (productId, psk) = await DeviceKnownToBothAsync("tailed");
        await using var tail = await SseReader.OpenAsync(B.Admin, $"/api/v1/logs/stream?productId={productId}");

        await UploadAsync(A, productId, "tailed", psk, "INF|2026-01-01 10:00:00|x|from a", "WRN|2026-01-01 10:00:01|x|also from a");

        Assert.Equal("from a", (await tail.NextAsync(Wait)).Data.GetProperty("text").GetString());
        Assert.Equal("also from a", (await tail.NextAsync(Wait)).Data.GetProperty("text").GetString());
    }

    [Fact]
    public async Task UploadRulesChangedThroughB_HoldOnA()
    {
        var (productId, psk) = await DeviceKnownToBothAsync("legacy");
        await B.SetUploadRulesAsync(productId, legacyUploads: false);

        // Each attempt is a new frame (a refused one is not remembered, but a taken one would be).
        var attempt = 0;
        await LevelsApi.EventuallyAsync(
            async () => (await LegacyUploads.PostAsync(A.Device, LegacyFrame.Build(
                'P', productId, "legacy", 0, System.Text.Encoding.UTF8.GetBytes($"INF attempt {attempt++}\n\f"), psk))).Retcode == 8,
            "node A refuses legacy frames of a product whose legacy uploads were turned off through node B");
        var product = await A.Admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/v1/products/{productId}");
        Assert.False(product.GetProperty("legacyUploads").GetBoolean());
    }

    [Fact]
    public async Task LegacyFrameAcceptedByA_ReplayedToB_IsRefused()
    {
        var (productId, psk) = await DeviceKnownToBothAsync("legacy-replayed");
        var frame = LegacyFrame.Build('P', productId, "legacy-replayed", 0, "INF only once\n\f"u8, psk);

        Assert.Equal(0, (await LegacyUploads.PostAsync(A.Device, frame)).Retcode);
        Assert.Equal(10, (await LegacyUploads.PostAsync(B.Device, frame)).Retcode);
        Assert.Single(await LogsClient.DeviceLinesAsync(B.Admin, productId, "legacy-replayed"));
    }

    /// <summary>Creates a product and key device through node A and waits until node B has them in its registry.</summary>
    private async Task<(string ProductId, string Psk)> DeviceKnownToBothAsync(string deviceName, int defaultLevel = 4)
    {
        var productId = await A.CreateProductAsync(defaultLevel);
        var psk = await A.CreateKeyDeviceAsync(productId, deviceName);
        await LevelsApi.EventuallyAsync(
            async () => (await B.Admin.GetAsync($"/api/v1/products/{productId}/devices/{deviceName}")).IsSuccessStatusCode,
            $"node B knows {productId}/{deviceName}");
        return (productId, psk);
    }

    private static async Task UploadAsync(LogbeamServer node, string productId, string deviceName, string psk, params string[] lines) =>
        Assert.Null(await Uploads.SendForCodeAsync(node.Device, Uploads.Hmac(Uploads.CBody(productId, deviceName, lines), psk)));
}
