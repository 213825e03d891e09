using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Server.Devices;
using Logbeam.Server.Tests.Infrastructure;
using Logbeam.Server.Tests.Mqtt;
using Microsoft.Extensions.DependencyInjection;

namespace Logbeam.Server.Tests.Api;

/// <summary>
/// <c>rotate-key</c>: a new PSK at once, the old one beside it over HTTP, legacy frames and MQTT for the overlap, and not
/// after it ends (by itself or on demand); the old key's last use shown.
/// </summary>
public sealed class KeyRotationTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task Rotate_NewKeyWorksAtOnce_OldKeyToo_DuringTheDefaultOverlap()
    {
        var productId = await server.CreateProductAsync();
        var oldPsk = await server.CreateKeyDeviceAsync(productId, "d");
        var before = DateTimeOffset.UtcNow;

        var rotated = await KeyRotation.RotateAsync(server.Admin, productId, "d");

        var newPsk = rotated.GetProperty("psk").GetString()!;
        Assert.NotEqual(oldPsk, newPsk);
        Assert.Equal(newPsk, rotated.GetProperty("signingKey").GetString());
        Assert.Equal(productId + "d", rotated.GetProperty("clientId").GetString());
        var previous = rotated.GetProperty("device").GetProperty("previousKey");
        Assert.True(previous.GetProperty("active").GetBoolean());
        Assert.InRange(previous.GetProperty("expiresAt").GetDateTimeOffset(), before.AddHours(24).AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(24));
        Assert.Equal(JsonValueKind.Null, previous.GetProperty("lastUsedAt").ValueKind);

        await KeyRotation.AssertKeyAsync(server, productId, "d", newPsk, accepted: true);
        Assert.Equal(JsonValueKind.Null, (await LevelsApi.DeviceAsync(server.Admin, productId, "d")).GetProperty("previousKey").GetProperty("lastUsedAt").ValueKind);

        await KeyRotation.AssertKeyAsync(server, productId, "d", oldPsk, accepted: true);
        var shown = (await LevelsApi.DeviceAsync(server.Admin, productId, "d")).GetProperty("previousKey");
        Assert.InRange(shown.GetProperty("lastUsedAt").GetDateTimeOffset(), before, DateTimeOffset.UtcNow);
        Assert.True(shown.GetProperty("active").GetBoolean());

        // Six uploads (two HTTP and one legacy line per key) were stored.
        Assert.Equal(6, (await LogsClient.DeviceLinesAsync(server.Admin, productId, "d")).Count);
    }

    [Fact]
    public async Task OverlapEnds_OldKeyRefusedEverywhere_NewKeyStillAccepted()
    {
        var productId = await server.CreateProductAsync();
        var oldPsk = await server.CreateKeyDeviceAsync(productId, "d");

        var rotated = await KeyRotation.RotateAsync(server.Admin, productId, "d", overlapSeconds: 2);
        var newPsk = rotated.GetProperty("psk").GetString()!;
        var expiresAt = rotated.GetProperty("device").GetProperty("previousKey").GetProperty("expiresAt").GetDateTimeOffset();
        Assert.Null(await KeyRotation.UploadAsync(server.Device, productId, "d", oldPsk));

        await KeyRotation.WaitUntilOverlapEndsAsync(server.Admin, productId, "d");
        Assert.True(DateTimeOffset.UtcNow >= expiresAt, "the overlap ended before its time");

        await KeyRotation.AssertKeyAsync(server, productId, "d", oldPsk, accepted: false);
        await KeyRotation.AssertKeyAsync(server, productId, "d", newPsk, accepted: true);
        var shown = (await LevelsApi.DeviceAsync(server.Admin, productId, "d")).GetProperty("previousKey");
        Assert.False(shown.GetProperty("active").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, shown.GetProperty("lastUsedAt").ValueKind);
    }

    [Fact]
    public async Task EndOverlap_RefusesTheOldKeyAtOnce_AndKeepsItsLastUse()
    {
        var productId = await server.CreateProductAsync();
        var oldPsk = await server.CreateKeyDeviceAsync(productId, "d");
        var newPsk = (await KeyRotation.RotateAsync(server.Admin, productId, "d")).GetProperty("psk").GetString()!;
        Assert.Equal(0, await KeyRotation.LegacyAsync(server.Device, productId, "d", oldPsk));
        var used = (await LevelsApi.DeviceAsync(server.Admin, productId, "d")).GetProperty("previousKey").GetProperty("lastUsedAt").GetDateTimeOffset();

        using var ended = await server.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/d/previous-key");

        Assert.Equal(HttpStatusCode.OK, ended.StatusCode);
        var previous = (await ended.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("previousKey");
        Assert.False(previous.GetProperty("active").GetBoolean());
        Assert.True(previous.GetProperty("expiresAt").GetDateTimeOffset() <= DateTimeOffset.UtcNow);
        Assert.Equal(used, previous.GetProperty("lastUsedAt").GetDateTimeOffset());
        await KeyRotation.AssertKeyAsync(server, productId, "d", oldPsk, accepted: false);
        await KeyRotation.AssertKeyAsync(server, productId, "d", newPsk, accepted: true);

        // Ending it again changes nothing.
        using var again = await server.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/d/previous-key");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task EndingTheOverlap_ClosesMqttConnectionsMadeWithTheOldKey_AndOnlyThose()
    {
        var productId = await server.CreateProductAsync();
        var oldPsk = await server.CreateKeyDeviceAsync(productId, "on-old");
        await server.CreateKeyDeviceAsync(productId, "on-new");
        await KeyRotation.RotateAsync(server.Admin, productId, "on-old");
        var newPsk = (await KeyRotation.RotateAsync(server.Admin, productId, "on-new")).GetProperty("psk").GetString()!;
        await using var onOld = await TestDevice.ConnectAsync(productId, "on-old", SdkCredentials.C(productId, "on-old", oldPsk), server.MqttPort);
        await using var onNew = await TestDevice.ConnectAsync(productId, "on-new", SdkCredentials.C(productId, "on-new", newPsk), server.MqttPort);

        foreach (var name in new[] { "on-old", "on-new" })
        {
            using var ended = await server.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/{name}/previous-key");
            ended.EnsureSuccessStatusCode();
        }

        await LevelsApi.EventuallyAsync(() => Task.FromResult(!onOld.Client.IsConnected), "the connection made with the retired key is closed");
        await onNew.Client.PingAsync();
        Assert.True(onNew.Client.IsConnected);
    }

    [Fact]
    public async Task AnOverlapEndingByItself_ClosesConnectionsMadeWithTheOldKey_AtTheNextUpkeep()
    {
        var productId = await server.CreateProductAsync();
        var oldPsk = await server.CreateKeyDeviceAsync(productId, "d");
        await KeyRotation.RotateAsync(server.Admin, productId, "d", overlapSeconds: 1);
        await using var onOld = await TestDevice.ConnectAsync(productId, "d", SdkCredentials.C(productId, "d", oldPsk), server.MqttPort);
        await KeyRotation.WaitUntilOverlapEndsAsync(server.Admin, productId, "d");

        await server.Services.GetRequiredService<DeviceRegistry>().FlushPreviousKeyUseAsync(CancellationToken.None);

        await LevelsApi.EventuallyAsync(() => Task.FromResult(!onOld.Client.IsConnected), "the connection made with the expired key is closed");
    }

    [Fact]
    public async Task RotatingAgain_DropsTheOlderKey_AndZeroOverlapKeepsNone()
    {
        var productId = await server.CreateProductAsync();
        var first = await server.CreateKeyDeviceAsync(productId, "d");
        var second = (await KeyRotation.RotateAsync(server.Admin, productId, "d")).GetProperty("psk").GetString()!;
        var third = (await KeyRotation.RotateAsync(server.Admin, productId, "d")).GetProperty("psk").GetString()!;

        await KeyRotation.AssertKeyAsync(server, productId, "d", first, accepted: false);
        await KeyRotation.AssertKeyAsync(server, productId, "d", second, accepted: true);
        await KeyRotation.AssertKeyAsync(server, productId, "d", third, accepted: true);

        var rotated = await KeyRotation.RotateAsync(server.Admin, productId, "d", overlapSeconds: 0);
        Assert.Equal(JsonValueKind.Null, rotated.GetProperty("device").GetProperty("previousKey").ValueKind);
        await KeyRotation.AssertKeyAsync(server, productId, "d", third, accepted: false);
        await KeyRotation.AssertKeyAsync(server, productId, "d", rotated.GetProperty("psk").GetString()!, accepted: true);
    }

    [Fact]
    public async Task CertificateDevice_IsA409Problem_AndKeepsWorking()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateCertDeviceAsync(productId, "cert", Vectors.ReadText("dev_cert.pem"));

        using var response = await KeyRotation.PostRotateAsync(server.Admin, productId, "cert", null);

        await AssertProblemAsync(response, HttpStatusCode.Conflict, "certificate");
        var device = await LevelsApi.DeviceAsync(server.Admin, productId, "cert");
        Assert.Equal(JsonValueKind.Null, device.GetProperty("previousKey").ValueKind);
        using var end = await server.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/cert/previous-key");
        await AssertProblemAsync(end, HttpStatusCode.Conflict, "certificate");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2_592_001)]
    [InlineData(long.MaxValue)]
    public async Task OverlapOutOfRange_IsA400Problem_AndChangesNothing(long overlapSeconds)
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "d");

        using var response = await KeyRotation.PostRotateAsync(server.Admin, productId, "d", overlapSeconds);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "overlapSeconds");
        Assert.DoesNotContain(psk, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await KeyRotation.UploadAsync(server.Device, productId, "d", psk));
        Assert.Equal(JsonValueKind.Null, (await LevelsApi.DeviceAsync(server.Admin, productId, "d")).GetProperty("previousKey").ValueKind);
    }

    [Theory]
    [InlineData("""{"overlapSeconds":"2h"}""")]
    [InlineData("""{"overlapSeconds":1.5}""")]
    [InlineData("not json")]
    public async Task MalformedBody_IsA400_AndChangesNothing(string body)
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "d");

        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Admin.PostAsync($"/api/v1/products/{productId}/devices/d/rotate-key", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(await KeyRotation.UploadAsync(server.Device, productId, "d", psk));
        Assert.Equal(JsonValueKind.Null, (await LevelsApi.DeviceAsync(server.Admin, productId, "d")).GetProperty("previousKey").ValueKind);
    }

    [Fact]
    public void APreviousKeyPrinted_ShowsNoKey()
    {
        var previous = new Logbeam.Server.Devices.PreviousKey("c2VjcmV0LXByZXZpb3Vz", DateTimeOffset.UtcNow, null);

        Assert.DoesNotContain("c2VjcmV0LXByZXZpb3Vz", previous.ToString(), StringComparison.Ordinal);
        Assert.Contains("ExpiresAt", previous.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownDevice_Or_NoPreviousKey_IsA404Problem()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "d");

        using var rotate = await KeyRotation.PostRotateAsync(server.Admin, productId, "ghost", null);
        await AssertProblemAsync(rotate, HttpStatusCode.NotFound, "ghost");
        using var end = await server.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/d/previous-key");
        await AssertProblemAsync(end, HttpStatusCode.NotFound, "no previous key");
    }

    [Fact]
    public async Task RotateWithoutTheAdminKey_IsRefused()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "d");

        using var response = await server.Device.PostAsync($"/api/v1/products/{productId}/devices/d/rotate-key", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await LevelsApi.DeviceAsync(server.Admin, productId, "d")).GetProperty("previousKey").ValueKind);
    }

    private static Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailContains) =>
        ProblemAssert.IsAsync(response, status, detailContains, StringComparison.OrdinalIgnoreCase);
}
