using System.Net.Http.Json;
using System.Text.Json;

namespace Logbeam.Testing;

/// <summary>Reads lines back through the management API.</summary>
public static class LogsClient
{
    public static async Task<(List<JsonElement> Items, string? NextCursor)> QueryAsync(HttpClient admin, string query)
    {
        var page = await admin.GetFromJsonAsync<JsonElement>("/api/v1/logs?" + query);
        var items = page.GetProperty("items").EnumerateArray().Select(item => item.Clone()).ToList();
        var next = page.GetProperty("nextCursor");
        return (items, next.ValueKind == JsonValueKind.Null ? null : next.GetString());
    }

    public static async Task<List<JsonElement>> DeviceLinesAsync(HttpClient admin, string productId, string deviceName, string extra = "")
    {
        var (items, _) = await QueryAsync(admin, $"productId={productId}&deviceName={Uri.EscapeDataString(deviceName)}&limit=1000{extra}");
        return items;
    }
}
