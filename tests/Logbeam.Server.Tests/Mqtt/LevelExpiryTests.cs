using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>A level with an expiry falls back by itself, and the device hears of it without asking or any API call.</summary>
public sealed class LevelExpiryTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task ExpiringLevel_PushesTheProductDefault_WhenItExpires()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var psk = await server.CreateKeyDeviceAsync(productId, "debugging");
        await using var device = await TestDevice.ConnectAsync(productId, "debugging", SdkCredentials.C(productId, "debugging", psk), server.MqttPort);
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2);

        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "debugging", 4, expiresAt);
        Assert.Equal(4, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));

        var fallback = await device.NextAsync(device.LogResultTopic, TimeSpan.FromSeconds(10));
        Assert.Equal(1, TestDevice.LevelOf(fallback));
        Assert.True(DateTimeOffset.UtcNow >= expiresAt, "the fallback came before the level expired");
        Assert.Equal(1, TestDevice.LevelOf(await device.GetLogLevelAsync("after-expiry")));
    }

    [Fact]
    public async Task ReplacedExpiringLevel_DoesNotFallBackAtTheOldExpiry()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var psk = await server.CreateKeyDeviceAsync(productId, "changed");
        await using var device = await TestDevice.ConnectAsync(productId, "changed", SdkCredentials.C(productId, "changed", psk), server.MqttPort);

        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "changed", 4, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(4, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));
        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "changed", 3);
        Assert.Equal(3, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));

        await device.AssertQuietAsync(device.LogResultTopic, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task SeveralExpiries_FireInTheirOrder()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 2);
        var pskLate = await server.CreateKeyDeviceAsync(productId, "late");
        var pskEarly = await server.CreateKeyDeviceAsync(productId, "early");
        await using var late = await TestDevice.ConnectAsync(productId, "late", SdkCredentials.C(productId, "late", pskLate), server.MqttPort);
        await using var early = await TestDevice.ConnectAsync(productId, "early", SdkCredentials.C(productId, "early", pskEarly), server.MqttPort);

        // The later one is set first: the watch must wake for the earlier one all the same.
        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "late", 4, DateTimeOffset.UtcNow.AddSeconds(3));
        await LevelsApi.SetDeviceLevelAsync(server.Admin, productId, "early", 4, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.Equal(4, TestDevice.LevelOf(await late.NextAsync(late.LogResultTopic)));
        Assert.Equal(4, TestDevice.LevelOf(await early.NextAsync(early.LogResultTopic)));

        Assert.Equal(2, TestDevice.LevelOf(await early.NextAsync(early.LogResultTopic)));
        Assert.Equal(4, TestDevice.LevelOf(await late.GetLogLevelAsync("still-debug")));
        Assert.Equal(2, TestDevice.LevelOf(await late.NextAsync(late.LogResultTopic)));
    }
}
