using System.Text.Json;

namespace Logbeam.Device.Tests.Infrastructure;

/// <summary>Device clients pointed at a test platform, with short delays, and the helpers the tests share.</summary>
internal static class TestDevices
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    public static LogbeamDeviceClientBuilder Builder(Uri platform, int? mqttPort, string productId, string deviceName, string psk) =>
        new LogbeamDeviceClientBuilder(productId, deviceName)
            .UsePsk(psk)
            .UsePlatform(platform, mqttPort is { } port ? new Uri($"mqtt://127.0.0.1:{port}") : null)
            .Configure(Fast);

    public static void Fast(LogbeamDeviceOptions options)
    {
        options.BatchInterval = TimeSpan.FromMilliseconds(100);
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(100);
        options.RetryMaxDelay = TimeSpan.FromSeconds(1);
        options.RequestTimeout = TimeSpan.FromSeconds(5);
        options.FlushTimeout = Patience;
    }

    public static async Task EventuallyAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Still not true after {Patience.TotalSeconds} s: {what}");
            await Task.Delay(20);
        }
    }

    /// <summary>Every stored line of a device, oldest first.</summary>
    public static async Task<List<JsonElement>> StoredAsync(HttpClient admin, string productId, string deviceName) =>
        (await LogsClient.DeviceLinesAsync(admin, productId, deviceName)).OrderBy(l => l.GetProperty("id").GetInt64()).ToList();

    public static async Task<List<string>> TextsAsync(HttpClient admin, string productId, string deviceName) =>
        (await StoredAsync(admin, productId, deviceName)).Select(l => l.GetProperty("text").GetString()!).ToList();
}
