using Logbeam.Protocol;
using Logbeam.Server.Tests.Api;
using Logbeam.Server.Tests.Infrastructure;
using Logbeam.Server.Tests.Mqtt;
using MQTTnet;

namespace Logbeam.Server.Tests.ScaleOut;

/// <summary>A key rotated, or its overlap ended, through one node holds on the other at once (by the change notification).</summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoNodeKeyRotationTests(PostgresCluster cluster) : TwoNodes(cluster)
{
    [Fact]
    public async Task RotatedThroughA_BothKeysWorkOnB_UntilTheOverlapIsEndedThroughA()
    {
        var productId = await A.CreateProductAsync();
        var oldPsk = await A.CreateKeyDeviceAsync(productId, "d");
        var newPsk = (await KeyRotation.RotateAsync(A.Admin, productId, "d")).GetProperty("psk").GetString()!;

        await LevelsApi.EventuallyAsync(
            async () => await KeyRotation.UploadAsync(B.Device, productId, "d", newPsk) is null,
            "node B accepts the key rotated through node A");
        Assert.Null(await KeyRotation.UploadAsync(B.Device, productId, "d", oldPsk));
        Assert.Equal(MqttClientConnectResultCode.Success, await KeyRotation.ConnectAsync(B, productId, "d", oldPsk));

        using var ended = await A.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/d/previous-key");
        ended.EnsureSuccessStatusCode();

        await LevelsApi.EventuallyAsync(
            async () => await KeyRotation.UploadAsync(B.Device, productId, "d", oldPsk) == ReportLogErrorCodes.SignatureFailure,
            "node B refuses the old key once its overlap was ended through node A");
        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, await KeyRotation.ConnectAsync(B, productId, "d", oldPsk));
        Assert.Null(await KeyRotation.UploadAsync(B.Device, productId, "d", newPsk));
    }
}
