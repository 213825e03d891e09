using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Server.Tests.Api;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary><c>/mqtt/auth</c>, which external brokers ask, honours a key rotation's overlap as the embedded broker does.</summary>
public sealed class KeyRotationBrokerAuthTests(ExternalModeServer server) : IClassFixture<ExternalModeServer>
{
    [Fact]
    public async Task AuthEndpoint_AllowsTheOldKeyDuringTheOverlap_AndDeniesItOnceEnded()
    {
        var productId = await server.CreateProductAsync();
        var oldPsk = await server.CreateKeyDeviceAsync(productId, "d");
        var newPsk = (await KeyRotation.RotateAsync(server.Admin, productId, "d")).GetProperty("psk").GetString()!;
        var old = SdkCredentials.Java(productId, "d", oldPsk);
        var current = SdkCredentials.Java(productId, "d", newPsk);

        Assert.Equal("allow", await AuthAsync(current));
        Assert.Equal("allow", await AuthAsync(old));
        var previous = (await LevelsApi.DeviceAsync(server.Admin, productId, "d")).GetProperty("previousKey");
        Assert.Equal(JsonValueKind.String, previous.GetProperty("lastUsedAt").ValueKind);

        using var ended = await server.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/d/previous-key");
        ended.EnsureSuccessStatusCode();

        Assert.Equal("deny", await AuthAsync(old));
        Assert.Equal("allow", await AuthAsync(current));
    }

    private async Task<string?> AuthAsync(SdkCredentials credentials)
    {
        using var response = await server.Device.PostAsJsonAsync(
            "/mqtt/auth", new { clientid = credentials.ClientId, username = credentials.Username, password = credentials.Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString();
    }
}
