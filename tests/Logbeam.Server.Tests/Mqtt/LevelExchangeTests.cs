using System.Text;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;
using MQTTnet.Formatter;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>The $log and $sys exchanges on the embedded broker, with MQTTnet as the device, over MQTT 3.1.1 and 5.</summary>
public sealed class LevelExchangeTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task GetLogLevel_IsAnsweredWithTheEffectiveLevel_TokenEchoed_Within127Bytes(MqttProtocolVersion version)
    {
        var productId = await server.CreateProductAsync(defaultLevel: 2);
        var psk = await server.CreateKeyDeviceAsync(productId, "asker");
        await using var device = await TestDevice.ConnectAsync(productId, "asker", SdkCredentials.Java(productId, "asker", psk), server.MqttPort, version);

        var reply = await device.GetLogLevelAsync(productId + "asker-0");

        Assert.True(Encoding.UTF8.GetByteCount(reply) <= 127, $"{reply} is over the C SDK's 127 bytes");
        Assert.StartsWith("""{"log_level":2,""", reply, StringComparison.Ordinal);
        var json = JsonDocument.Parse(reply).RootElement;
        Assert.Equal("get_log_level", json.GetProperty("type").GetString());
        Assert.Equal(productId + "asker-0", json.GetProperty("clientToken").GetString());
        Assert.Equal(0, json.GetProperty("result").GetInt32());
        Assert.InRange(json.GetProperty("timestamp").GetInt64(), DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 5, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task TimeRequest_IsAnsweredWithAllFourKeys(MqttProtocolVersion version)
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "clock");
        await using var device = await TestDevice.ConnectAsync(productId, "clock", SdkCredentials.C(productId, "clock", psk), server.MqttPort, version);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var json = JsonDocument.Parse(await device.GetTimeAsync()).RootElement;

        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal("get", json.GetProperty("type").GetString());
        Assert.InRange(json.GetProperty("time").GetInt64(), before / 1000, after / 1000);
        Assert.InRange(json.GetProperty("ntptime1").GetInt64(), before, after);
        Assert.InRange(json.GetProperty("ntptime2").GetInt64(), json.GetProperty("ntptime1").GetInt64(), after);
    }

    [Fact]
    public async Task SettingTheDeviceLevel_PushesItUnasked()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var psk = await server.CreateKeyDeviceAsync(productId, "pushed");
        await using var device = await TestDevice.ConnectAsync(productId, "pushed", SdkCredentials.C(productId, "pushed", psk), server.MqttPort);

        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "pushed", 4);
        Assert.Equal(4, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));

        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "pushed", null);
        Assert.Equal(1, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));
    }

    [Fact]
    public async Task SettingTheProductDefault_PushesToDevicesWithoutALevelOfTheirOwn()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var pskA = await server.CreateKeyDeviceAsync(productId, "follows");
        var pskB = await server.CreateKeyDeviceAsync(productId, "own");
        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "own", 2);
        await using var follows = await TestDevice.ConnectAsync(productId, "follows", SdkCredentials.C(productId, "follows", pskA), server.MqttPort);
        await using var own = await TestDevice.ConnectAsync(productId, "own", SdkCredentials.C(productId, "own", pskB), server.MqttPort);

        await LevelsApi.SetProductLevelAsync(server.Admin, productId, 3);

        Assert.Equal(3, TestDevice.LevelOf(await follows.NextAsync(follows.LogResultTopic)));
        await own.AssertQuietAsync(own.LogResultTopic, TimeSpan.FromMilliseconds(500));
        Assert.Equal(2, TestDevice.LevelOf(await own.GetLogLevelAsync("own-1")));
    }

    [Fact]
    public async Task Presence_ShowsTheConnection_AndKeepsLastSeenAfterIt()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "present");
        var before = await LevelsApi.DeviceAsync(server.Admin, productId, "present");
        Assert.False(before.GetProperty("online").GetBoolean());
        Assert.Equal(JsonValueKind.Null, before.GetProperty("lastSeen").ValueKind);

        var device = await TestDevice.ConnectAsync(productId, "present", SdkCredentials.C(productId, "present", psk), server.MqttPort);
        await device.GetLogLevelAsync("p-1");
        var online = await LevelsApi.DeviceAsync(server.Admin, productId, "present");
        Assert.True(online.GetProperty("online").GetBoolean());
        Assert.StartsWith("127.0.0.1:", online.GetProperty("remoteAddress").GetString(), StringComparison.Ordinal);
        var since = online.GetProperty("connectedSince").GetDateTimeOffset();
        Assert.InRange(since, DateTimeOffset.UtcNow.AddSeconds(-10), DateTimeOffset.UtcNow);
        Assert.True(online.GetProperty("lastSeen").GetDateTimeOffset() >= since);

        await device.DisposeAsync();

        await LevelsApi.EventuallyAsync(
            async () => !(await LevelsApi.DeviceAsync(server.Admin, productId, "present")).GetProperty("online").GetBoolean(), "device offline");
        var offline = await LevelsApi.DeviceAsync(server.Admin, productId, "present");
        Assert.Equal(JsonValueKind.Null, offline.GetProperty("connectedSince").ValueKind);
        Assert.Equal(JsonValueKind.Null, offline.GetProperty("remoteAddress").ValueKind);
        Assert.True(offline.GetProperty("lastSeen").GetDateTimeOffset() >= since);
    }

    [Fact]
    public async Task SecondConnectionWithTheSameClientId_TakesOver()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 3);
        var psk = await server.CreateKeyDeviceAsync(productId, "twice");
        await using var first = await TestDevice.ConnectAsync(productId, "twice", SdkCredentials.C(productId, "twice", psk), server.MqttPort);
        await using var second = await TestDevice.ConnectAsync(productId, "twice", SdkCredentials.Java(productId, "twice", psk), server.MqttPort);

        await LevelsApi.EventuallyAsync(() => Task.FromResult(!first.Client.IsConnected), "first connection closed");
        Assert.Equal(3, TestDevice.LevelOf(await second.GetLogLevelAsync("t-1")));
        Assert.True((await LevelsApi.DeviceAsync(server.Admin, productId, "twice")).GetProperty("online").GetBoolean());

        // The first session's end must not take the second's subscriptions with it.
        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "twice", 4);
        Assert.Equal(4, TestDevice.LevelOf(await second.NextAsync(second.LogResultTopic)));
    }

    [Fact]
    public async Task UnsubscribingFromTheResultTopic_StopsPushes_UntilItSubscribesAgain()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var psk = await server.CreateKeyDeviceAsync(productId, "deaf");
        await using var device = await TestDevice.ConnectAsync(productId, "deaf", SdkCredentials.C(productId, "deaf", psk), server.MqttPort);

        await device.Client.UnsubscribeAsync(new MQTTnet.MqttClientUnsubscribeOptionsBuilder().WithTopicFilter(device.LogResultTopic).Build());
        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "deaf", 2);
        await device.AssertQuietAsync(device.LogResultTopic, TimeSpan.FromMilliseconds(500));
        Assert.NotNull(await device.GetTimeAsync()); // its other result topic still answers

        await device.SubscribeAsync(device.LogResultTopic);
        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "deaf", 3);
        Assert.Equal(3, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));
    }

    [Fact]
    public async Task ReconnectingWithACleanSession_GetsPushesAfterSubscribingAgain()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var psk = await server.CreateKeyDeviceAsync(productId, "back");
        var first = await TestDevice.ConnectAsync(productId, "back", SdkCredentials.C(productId, "back", psk), server.MqttPort);
        await first.DisposeAsync();
        await LevelsApi.EventuallyAsync(
            async () => !(await LevelsApi.DeviceAsync(server.Admin, productId, "back")).GetProperty("online").GetBoolean(), "device offline");

        await using var again = await TestDevice.ConnectAsync(productId, "back", SdkCredentials.C(productId, "back", psk), server.MqttPort);
        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "back", 4);

        Assert.Equal(4, TestDevice.LevelOf(await again.NextAsync(again.LogResultTopic)));
    }

    [Theory]
    [InlineData(MqttProtocolVersion.V311)]
    [InlineData(MqttProtocolVersion.V500)]
    public async Task ReconnectingToAKeptSession_IsAnsweredWithoutSubscribingAgain(MqttProtocolVersion version)
    {
        var productId = await server.CreateProductAsync(defaultLevel: 2);
        var deviceName = "kept-" + version;
        var psk = await server.CreateKeyDeviceAsync(productId, deviceName);
        var credentials = SdkCredentials.C(productId, deviceName, psk);
        var (first, connected) = await TestDevice.TryConnectAsync(productId, deviceName, credentials, server.MqttPort, version, b => b.WithCleanSession(false).WithSessionExpiryInterval(300));
        Assert.Equal(MQTTnet.MqttClientConnectResultCode.Success, connected.ResultCode);
        await first.SubscribeAsync(first.LogResultTopic);
        await first.DisposeAsync();
        await LevelsApi.EventuallyAsync(
            async () => !(await LevelsApi.DeviceAsync(server.Admin, productId, deviceName)).GetProperty("online").GetBoolean(), "device offline");

        var (again, resumed) = await TestDevice.TryConnectAsync(productId, deviceName, credentials, server.MqttPort, version, b => b.WithCleanSession(false).WithSessionExpiryInterval(300));
        await using var _ = again;

        Assert.True(resumed.IsSessionPresent);
        Assert.Equal(2, TestDevice.LevelOf(await again.GetLogLevelAsync("k-1")));
    }

    [Fact]
    public async Task DisablingAConnectedDevice_DisconnectsIt_AndDeletingOneToo()
    {
        var productId = await server.CreateProductAsync();
        var pskA = await server.CreateKeyDeviceAsync(productId, "to-disable");
        var pskB = await server.CreateKeyDeviceAsync(productId, "to-delete");
        await using var disabled = await TestDevice.ConnectAsync(productId, "to-disable", SdkCredentials.C(productId, "to-disable", pskA), server.MqttPort);
        await using var deleted = await TestDevice.ConnectAsync(productId, "to-delete", SdkCredentials.C(productId, "to-delete", pskB), server.MqttPort);

        await LevelsApi.SetEnabledAsync(server.Admin, productId, "to-disable", enabled: false);
        await LevelsApi.DeleteAsync(server.Admin, productId, "to-delete");

        await LevelsApi.EventuallyAsync(() => Task.FromResult(!disabled.Client.IsConnected), "disabled device disconnected");
        await LevelsApi.EventuallyAsync(() => Task.FromResult(!deleted.Client.IsConnected), "deleted device disconnected");
        Assert.False((await LevelsApi.DeviceAsync(server.Admin, productId, "to-disable")).GetProperty("online").GetBoolean());

        await LevelsApi.SetEnabledAsync(server.Admin, productId, "to-disable", enabled: true);
        await using var again = await TestDevice.ConnectAsync(productId, "to-disable", SdkCredentials.C(productId, "to-disable", pskA), server.MqttPort);
    }
}
