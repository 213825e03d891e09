using System.Net.Http.Json;
using System.Text.Json;

namespace Logbeam.Server.Tests.Mqtt;

/// <summary>The management calls the MQTT tests make: levels, enable/disable, the device as the API shows it.</summary>
internal static class LevelsApi
{
    public static async Task SetDeviceLevelAsync(HttpClient admin, string productId, string deviceName, int? level, DateTimeOffset? expiresAt = null)
    {
        var response = await admin.PutAsJsonAsync($"/api/v1/products/{productId}/devices/{deviceName}/log-level", new { level, expiresAt });
        response.EnsureSuccessStatusCode();
    }

    public static async Task SetProductLevelAsync(HttpClient admin, string productId, int level)
    {
        var response = await admin.PutAsJsonAsync($"/api/v1/products/{productId}/log-level", new { level });
        response.EnsureSuccessStatusCode();
    }

    public static async Task SetEnabledAsync(HttpClient admin, string productId, string deviceName, bool enabled)
    {
        var response = await admin.PostAsync($"/api/v1/products/{productId}/devices/{deviceName}/{(enabled ? "enable" : "disable")}", null);
        response.EnsureSuccessStatusCode();
    }

    public static async Task DeleteAsync(HttpClient admin, string productId, string deviceName)
    {
        var response = await admin.DeleteAsync($"/api/v1/products/{productId}/devices/{deviceName}");
        response.EnsureSuccessStatusCode();
    }

    public static Task<JsonElement> DeviceAsync(HttpClient admin, string productId, string deviceName) =>
        admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}/devices/{deviceName}");

    /// <summary>Polls until <paramref name="condition"/> holds, for state the server settles a moment after the client sees it.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TestDevice.Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Still not true after {TestDevice.Patience.TotalSeconds} s: {what}");
            await Task.Delay(50);
        }
    }
}
