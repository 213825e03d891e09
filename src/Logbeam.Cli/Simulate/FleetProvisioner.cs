using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Logbeam.Cli.Simulate;

/// <summary>
/// Gets the fleet's credentials: with <c>--create</c> it registers the product and devices through the management API and
/// saves their PSKs to the credentials file; otherwise it reads that file.
/// </summary>
internal static class FleetProvisioner
{
    private static readonly JsonSerializerOptions FileJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task<IReadOnlyList<DeviceCredential>> GetAsync(SimulationSettings settings, CancellationToken cancellationToken)
    {
        if (!settings.Create)
        {
            if (!File.Exists(settings.CredentialsFile))
            {
                throw new InvalidOperationException(
                    $"{settings.CredentialsFile} does not exist: run once with --create --api-key <key> to register the devices, or pass --credentials.");
            }

            await using var stream = File.OpenRead(settings.CredentialsFile);
            var saved = await JsonSerializer.DeserializeAsync<List<DeviceCredential>>(stream, FileJson, cancellationToken).ConfigureAwait(false) ?? [];
            return saved.Take(settings.Devices).ToList();
        }

        using var api = new HttpClient { BaseAddress = settings.Server };
        if (settings.ApiKey is not null)
        {
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.ApiKey);
        }

        var product = await api.PostAsJsonAsync(
            "/api/v1/products", new { productId = settings.ProductId, name = "Simulated fleet", defaultLogLevel = settings.ProductLevel }, cancellationToken)
            .ConfigureAwait(false);
        await EnsureAsync(product, "create the product", allowConflict: true, cancellationToken).ConfigureAwait(false);

        var credentials = new List<DeviceCredential>();
        for (var i = 0; i < settings.Devices; i++)
        {
            var name = $"{settings.DevicePrefix}{i:D4}";
            var response = await api.PostAsJsonAsync(
                $"/api/v1/products/{settings.ProductId}/devices", new { deviceName = name, authMode = "key" }, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.Conflict)
            {
                throw new InvalidOperationException(
                    $"Device {settings.ProductId}/{name} already exists and its PSK cannot be read back: use another --product or --prefix, or drop --create.");
            }

            await EnsureAsync(response, $"create device {name}", allowConflict: false, cancellationToken).ConfigureAwait(false);
            var created = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken).ConfigureAwait(false);
            credentials.Add(new DeviceCredential(settings.ProductId, name, created.GetProperty("psk").GetString()!));
        }

        await using (var stream = File.Create(settings.CredentialsFile))
        {
            await JsonSerializer.SerializeAsync(stream, credentials, FileJson, cancellationToken).ConfigureAwait(false);
        }

        return credentials;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, bool allowConflict, CancellationToken cancellationToken)
    {
        if (response.IsSuccessStatusCode || (allowConflict && response.StatusCode == HttpStatusCode.Conflict))
        {
            return;
        }

        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        var hint = response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden ? " Pass the admin key with --api-key." : string.Empty;
        throw new InvalidOperationException($"Could not {what}: HTTP {(int)response.StatusCode} {body}{hint}");
    }
}
