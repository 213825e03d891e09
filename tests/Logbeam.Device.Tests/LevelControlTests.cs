using System.Net.Http.Json;
using Logbeam.Device.Tests.Infrastructure;
using Logbeam.Protocol;

namespace Logbeam.Device.Tests;

/// <summary>The platform's level, asked on connect and pushed on change, decides what the device sends.</summary>
public sealed class LevelControlTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task LevelPush_ChangesWhatTheDeviceSends_WithinOneFlush()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var psk = await server.CreateKeyDeviceAsync(productId, "pushed");
        await using var client = TestDevices.Builder(server.BaseAddress, server.MqttPort, productId, "pushed", psk)
            .Configure(o => o.InitialLevel = DeviceLogLevel.Off)
            .Build();

        // On connect the device asks, and the product default (ERROR) comes back.
        await TestDevices.EventuallyAsync(() => client.Level == DeviceLogLevel.Error, "the device learns the product level");
        Assert.True(client.IsConnected);
        client.Log(DeviceLogLevel.Debug, "t", "debug while at error");
        client.Log(DeviceLogLevel.Error, "t", "error while at error");
        Assert.True(await client.FlushAsync());

        var response = await server.Admin.PutAsJsonAsync($"/api/v1/products/{productId}/devices/pushed/log-level", new { level = 4 });
        response.EnsureSuccessStatusCode();
        await TestDevices.EventuallyAsync(() => client.Level == DeviceLogLevel.Debug, "the pushed level reaches the device");
        client.Log(DeviceLogLevel.Debug, "t", "debug after the push");
        Assert.True(await client.FlushAsync());

        Assert.Equal(["error while at error", "debug after the push"], await TestDevices.TextsAsync(server.Admin, productId, "pushed"));
        Assert.Equal(2, client.Counters.Sent);
    }

    [Fact]
    public async Task LevelOff_SendsNothing()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 0);
        var psk = await server.CreateKeyDeviceAsync(productId, "silent");
        await using var client = TestDevices.Builder(server.BaseAddress, server.MqttPort, productId, "silent", psk).Build();
        await TestDevices.EventuallyAsync(() => client.Level == DeviceLogLevel.Off, "the device learns level 0");

        client.Log(DeviceLogLevel.Error, "t", "not even errors");
        Assert.True(await client.FlushAsync());

        Assert.Empty(await TestDevices.TextsAsync(server.Admin, productId, "silent"));
        Assert.False(client.IsEnabled(DeviceLogLevel.Error));
    }

    [Fact]
    public async Task TimeSync_StampsLinesWithThePlatformClock_WhenTheDeviceClockIsOff()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 4);
        var psk = await server.CreateKeyDeviceAsync(productId, "skewed");
        var skewed = new SkewedTime(TimeSpan.FromHours(-3));
        await using var client = TestDevices.Builder(server.BaseAddress, server.MqttPort, productId, "skewed", psk)
            .UseTimeProvider(skewed)
            .Configure(o => o.UtcLineTimes = true)
            .Build();
        await TestDevices.EventuallyAsync(() => Math.Abs((client.Now - DateTimeOffset.UtcNow).TotalSeconds) < 5, "time sync corrects the clock");

        // Three hours off would also fail the platform's ±600 s signature window without the correction.
        client.Log(DeviceLogLevel.Info, "t", "on time");
        Assert.True(await client.FlushAsync());

        var line = Assert.Single(await TestDevices.StoredAsync(server.Admin, productId, "skewed"));
        var deviceTime = DateTime.Parse(line.GetProperty("deviceTime").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Math.Abs((deviceTime - DateTime.UtcNow).TotalMinutes) < 1, $"line time {deviceTime:O} is not the platform's time");
    }

    private sealed class SkewedTime(TimeSpan skew) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + skew;
    }
}
