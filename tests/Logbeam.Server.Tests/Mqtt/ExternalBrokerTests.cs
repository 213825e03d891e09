using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Server.Mqtt;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>
/// External mode against a real Mosquitto: devices connect to Mosquitto, Logbeam answers and pushes through it, comes
/// back by itself when Mosquitto restarts, and offers /mqtt/auth and /mqtt/acl for brokers that delegate.
/// </summary>
public sealed class ExternalBrokerTests(ExternalModeServer server) : IClassFixture<ExternalModeServer>
{
    [Fact]
    public async Task DeviceOnMosquitto_GetsItsLevelAndTimeFromLogbeam_AndPushes()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 2);
        var psk = await server.CreateKeyDeviceAsync(productId, "ext-dev");
        await using var device = await TestDevice.ConnectAsync(productId, "ext-dev", SdkCredentials.C(productId, "ext-dev", psk), server.Mosquitto.Port);

        Assert.Equal(2, TestDevice.LevelOf(await device.GetLogLevelAsync("ext-1")));
        Assert.Contains("ntptime1", await device.GetTimeAsync(), StringComparison.Ordinal);

        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "ext-dev", 4);
        Assert.Equal(4, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));

        // Each change is awaited before the next: a push carries the level in force when it is sent.
        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "ext-dev", null);
        Assert.Equal(2, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));
        await LevelsApi.SetProductLevelAsync(server.Admin, productId, 3);
        Assert.Equal(3, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));
        Assert.NotEqual(JsonValueKind.Null, (await LevelsApi.DeviceAsync(server.Admin, productId, "ext-dev")).GetProperty("lastSeen").ValueKind);
    }

    [Fact]
    public async Task MosquittoRr_OnMosquitto_GetsItsLevelFromLogbeam()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var psk = await server.CreateKeyDeviceAsync(productId, "rr");

        var reply = await DebianClients.RequestAsync($"$log/operation/{productId}/rr", $"$log/operation/result/{productId}/rr",
            """{"type": "get_log_level", "clientToken": "rr-1"}""", DebianClients.Connection(server.Mosquitto.Port, SdkCredentials.C(productId, "rr", psk), "mqttv311"));

        Assert.Equal(1, TestDevice.LevelOf(reply));
    }

    [Fact]
    public async Task UnknownDevice_IsNotAnswered()
    {
        var productId = await server.CreateProductAsync();
        await using var ghost = await TestDevice.ConnectAsync(productId, "ghost", SdkCredentials.C(productId, "ghost", Convert.ToBase64String(new byte[16])), server.Mosquitto.Port);

        await ghost.PublishAsync(ghost.LogRequestTopic, """{"type": "get_log_level", "clientToken": "g-1"}""");

        await ghost.AssertQuietAsync(ghost.LogResultTopic, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task MosquittoRestart_LogbeamReconnectsByItself()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 3);
        var psk = await server.CreateKeyDeviceAsync(productId, "survivor");
        var client = server.Services.GetRequiredService<ExternalBroker>().Client;

        server.Mosquitto.Stop();
        await LevelsApi.EventuallyAsync(() => Task.FromResult(!client.IsConnected), "Logbeam noticed Mosquitto is gone");
        await server.Mosquitto.StartAsync();
        await server.WaitForBridgeAsync();

        await using var device = await TestDevice.ConnectAsync(productId, "survivor", SdkCredentials.C(productId, "survivor", psk), server.Mosquitto.Port);
        Assert.Equal(3, TestDevice.LevelOf(await device.GetLogLevelAsync("back-1")));
    }

    [Fact]
    public async Task AuthEndpoint_AllowsGoodDevices_DeniesTheRest_AndLetsLogbeamInAsSuperuser()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "auth-dev");
        var offPsk = await server.CreateKeyDeviceAsync(productId, "auth-off");
        await LevelsApi.SetEnabledAsync(server.Admin, productId, "auth-off", enabled: false);
        var good = SdkCredentials.Java(productId, "auth-dev", psk);
        var wrong = SdkCredentials.Java(productId, "auth-dev", offPsk);
        var off = SdkCredentials.C(productId, "auth-off", offPsk);

        Assert.Equal("allow", await AuthAsync(good.ClientId, good.Username, good.Password));
        Assert.Equal("deny", await AuthAsync(wrong.ClientId, wrong.Username, wrong.Password));
        Assert.Equal("deny", await AuthAsync(off.ClientId, off.Username, off.Password));
        Assert.Equal("deny", await AuthAsync(productId + "nobody", good.Username, good.Password));
        Assert.Equal("allow", await AuthAsync("logbeam", ExternalModeServer.BridgeUsername, ExternalModeServer.BridgePassword));
        Assert.Equal("deny", await AuthAsync("logbeam", ExternalModeServer.BridgeUsername, "guess"));

        using var superuser = await server.Device.PostAsJsonAsync("/mqtt/auth",
            new { clientid = "logbeam", username = ExternalModeServer.BridgeUsername, password = ExternalModeServer.BridgePassword });
        Assert.True((await superuser.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("is_superuser").GetBoolean());
    }

    [Fact]
    public async Task AclEndpoint_AllowsADeviceOnlyItsOwnTopics()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "acl-dev");
        var clientId = productId + "acl-dev";

        Assert.Equal("allow", await AclAsync(clientId, $"$log/operation/{productId}/acl-dev", "publish"));
        Assert.Equal("allow", await AclAsync(clientId, $"$sys/operation/{productId}/acl-dev", "publish"));
        Assert.Equal("allow", await AclAsync(clientId, $"$log/operation/result/{productId}/acl-dev", "subscribe"));
        Assert.Equal("allow", await AclAsync(clientId, $"{productId}/acl-dev/data", "publish"));
        Assert.Equal("deny", await AclAsync(clientId, $"$log/operation/result/{productId}/acl-dev", "publish"));
        Assert.Equal("deny", await AclAsync(clientId, $"$log/operation/{productId}/other", "publish"));
        Assert.Equal("deny", await AclAsync(clientId, "$log/operation/result/+/+", "subscribe"));
        Assert.Equal("deny", await AclAsync(clientId, "#", "subscribe"));
        Assert.Equal("allow", await AclAsync("logbeam", "$log/operation/+/+", "subscribe", ExternalModeServer.BridgeUsername));
    }

    private async Task<string?> AuthAsync(string clientId, string username, string password)
    {
        using var response = await server.Device.PostAsJsonAsync("/mqtt/auth", new { clientid = clientId, username, password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString();
    }

    private async Task<string?> AclAsync(string clientId, string topic, string action, string? username = null)
    {
        using var response = await server.Device.PostAsJsonAsync("/mqtt/acl", new { clientid = clientId, username, topic, action });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("result").GetString();
    }
}
