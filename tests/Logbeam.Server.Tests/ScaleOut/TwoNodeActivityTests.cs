using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Protocol;
using Logbeam.Server.Tests.Infrastructure;
using Logbeam.Server.Tests.Mqtt;

namespace Logbeam.Server.Tests.ScaleOut;

/// <summary>A device's refusals and last contacts are the same on every node: each node adds what it saw to the shared store.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoNodeActivityTests(PostgresCluster cluster) : TwoNodes(cluster)
{
    [Fact]
    public async Task RefusalsCountedOnBothNodes_AddUp_AndTheLastUploadIsTheSameOnBoth()
    {
        var productId = await A.CreateProductAsync();
        var psk = await A.CreateKeyDeviceAsync(productId, "roaming");
        await LevelsApi.EventuallyAsync(
            async () => (await B.Admin.GetAsync($"/api/v1/products/{productId}/devices/roaming")).IsSuccessStatusCode, "node B knows the device");
        var body = Uploads.CBody(productId, "roaming", "INF|2026-12-08 05:00:00|t|x");

        Assert.Equal(ReportLogErrorCodes.SignatureFailure, await Uploads.SendForCodeAsync(A.Device, Uploads.Hmac(body, "AAAAAAAAAAAAAAAAAAAAAA==")));
        Assert.Equal(ReportLogErrorCodes.SignatureFailure, await Uploads.SendForCodeAsync(B.Device, Uploads.Hmac(body, "AAAAAAAAAAAAAAAAAAAAAA==")));
        Assert.Equal(ReportLogErrorCodes.SignatureFailure, await Uploads.SendForCodeAsync(B.Device, Uploads.Hmac(body, "AAAAAAAAAAAAAAAAAAAAAA==")));
        Assert.Null(await Uploads.SendForCodeAsync(B.Device, Uploads.Hmac(body, psk)));
        var uploadedAt = (await DeviceAsync(B, productId)).GetProperty("lastUploadAt").GetDateTimeOffset();

        // Each node writes what it saw within its flush interval (5 s); then both answer alike.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await BothAgreeAsync())
        {
            Assert.True(DateTime.UtcNow < deadline, "after 30 s the nodes still do not both count 3 refusals and the same last upload");
            await Task.Delay(100);
        }

        async Task<bool> BothAgreeAsync()
        {
            foreach (var node in new[] { A, B })
            {
                var device = await DeviceAsync(node, productId);
                if (!device.GetProperty("refusals").TryGetProperty(ReportLogErrorCodes.SignatureFailure, out var refused)
                    || refused.GetProperty("count").GetInt64() != 3
                    || device.GetProperty("lastUploadAt").ValueKind != JsonValueKind.String
                    || device.GetProperty("lastUploadAt").GetDateTimeOffset() != uploadedAt)
                {
                    return false;
                }
            }

            return true;
        }
    }

    private static async Task<JsonElement> DeviceAsync(LogbeamServer node, string productId) =>
        await node.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}/devices/roaming");
}
