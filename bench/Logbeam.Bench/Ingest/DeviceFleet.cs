using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace Logbeam.Bench.Ingest;

/// <summary>Registers the bench product and its devices through the management API, a few at a time.</summary>
internal static class DeviceFleet
{
    public static async Task RegisterAsync(int port, string adminKey, DeviceUploads[] devices)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
        using (var product = await http.PostAsJsonAsync(
            new Uri("/api/v1/products", UriKind.Relative),
            new { productId = DeviceUploads.ProductId, name = "bench", defaultLogLevel = 4 }).ConfigureAwait(false))
        {
            await EnsureAsync(product).ConfigureAwait(false);
        }

        await Parallel.ForEachAsync(devices, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (device, ct) =>
        {
            using var created = await http.PostAsJsonAsync(
                new Uri($"/api/v1/products/{DeviceUploads.ProductId}/devices", UriKind.Relative),
                new { deviceName = device.DeviceName, psk = device.Psk }, ct).ConfigureAwait(false);
            await EnsureAsync(created).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private static async Task EnsureAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        }
    }
}
