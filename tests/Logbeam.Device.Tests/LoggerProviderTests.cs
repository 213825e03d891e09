using Logbeam.Device.Tests.Infrastructure;
using Logbeam.Protocol;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Logbeam.Device.Tests;

/// <summary>A host app's <see cref="ILogger"/> calls reach the platform with the right level and tag, under the remote level.</summary>
public sealed class LoggerProviderTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task HostApp_LogCalls_ArriveWithLevelTagScopeAndException()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 3);
        var psk = await server.CreateKeyDeviceAsync(productId, "host-app");
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddLogbeam(options =>
        {
            options.ProductId = productId;
            options.DeviceName = "host-app";
            options.Psk = psk;
            options.UploadUri = server.BaseAddress;
            options.BrokerUri = new Uri($"mqtt://127.0.0.1:{server.MqttPort}");
            TestDevices.Fast(options);
        });
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<LogbeamDeviceClient>();
        await TestDevices.EventuallyAsync(() => client.Level == DeviceLogLevel.Info, "the host app's device learns INFO");

        var logger = host.Services.GetRequiredService<ILogger<LoggerProviderTests>>();
        using (logger.BeginScope("order {OrderId}", 42))
        {
            logger.LogInformation("Paid {Amount} EUR", 12.5);
        }

        logger.LogDebug("debug is below INFO");
        logger.LogWarning("Disk {Percent}% full", 91);
        logger.LogError(new InvalidOperationException("boom"), "Payment failed");
        logger.LogCritical("Shutting down");
        logger.LogTrace("trace is below INFO");
        Assert.True(await client.FlushAsync());
        await host.StopAsync();
        Assert.True(client.Counters.Dropped == 0, $"lines were dropped: {client.Counters}");

        // The host's own lines (Microsoft.Hosting.Lifetime) may be there too, depending on the level when they were written.
        var all = await TestDevices.StoredAsync(server.Admin, productId, "host-app");
        var lines = all.Where(l => l.GetProperty("tag").GetString() == typeof(LoggerProviderTests).FullName).ToList();
        Assert.Equal([3, 2, 1, 1], lines.Select(l => l.GetProperty("level").GetInt32()));
        Assert.Equal("order 42 => Paid 12.5 EUR", lines[0].GetProperty("text").GetString());
        Assert.Equal("Disk 91% full", lines[1].GetProperty("text").GetString());
        var error = lines[2].GetProperty("text").GetString()!;
        Assert.StartsWith("Payment failed\nSystem.InvalidOperationException: boom", error, StringComparison.Ordinal);
        Assert.Equal("Shutting down", lines[3].GetProperty("text").GetString());
    }

    [Fact]
    public async Task AddLogbeam_FromConfiguration_BindsTheDeviceOptions_AndSends()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "configured");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logbeam:Device:ProductId"] = productId,
            ["Logbeam:Device:DeviceName"] = "configured",
            ["Logbeam:Device:Psk"] = psk,
            ["Logbeam:Device:UploadUri"] = server.BaseAddress.ToString(),
            ["Logbeam:Device:InitialLevel"] = "Warn",
            ["Logbeam:Device:BatchInterval"] = "00:00:00.100",
        }).Build();
        await using var services = new ServiceCollection()
            .AddLogging(logging => logging.AddLogbeam(configuration.GetSection("Logbeam:Device")))
            .BuildServiceProvider();

        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("Configured");
        logger.LogWarning("from configuration");
        logger.LogInformation("below WARN");
        var client = services.GetRequiredService<LogbeamDeviceClient>();
        Assert.Equal(DeviceLogLevel.Warn, client.Level);
        Assert.True(await client.FlushAsync());

        Assert.Equal(["from configuration"], await TestDevices.TextsAsync(server.Admin, productId, "configured"));
    }

    [Theory]
    [InlineData(LogLevel.Critical, DeviceLogLevel.Error)]
    [InlineData(LogLevel.Error, DeviceLogLevel.Error)]
    [InlineData(LogLevel.Warning, DeviceLogLevel.Warn)]
    [InlineData(LogLevel.Information, DeviceLogLevel.Info)]
    [InlineData(LogLevel.Debug, DeviceLogLevel.Debug)]
    [InlineData(LogLevel.Trace, DeviceLogLevel.Debug)]
    [InlineData(LogLevel.None, DeviceLogLevel.Off)]
    public void MicrosoftLevels_MapOntoDeviceLevels(LogLevel level, DeviceLogLevel expected) =>
        Assert.Equal(expected, Logging.LogbeamLogger.Map(level));
}
