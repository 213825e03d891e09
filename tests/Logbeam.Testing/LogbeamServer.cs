using System.Net.Http.Headers;
using System.Net.Http.Json;
using Logbeam.Server;
using Logbeam.Server.Mqtt;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Logbeam.Testing;

/// <summary>The real platform on a free loopback port, over a fresh SQLite file in a temp data directory.</summary>
public class LogbeamServer : IAsyncLifetime
{
    public const string AdminKey = "test-admin-key-0123456789";

    private readonly Dictionary<string, string?> _settings;
    private WebApplication? _app;
    private string[] _args = [];

    public LogbeamServer()
        : this([])
    {
    }

    protected LogbeamServer(Dictionary<string, string?> settings) => _settings = settings;

    public string DataDirectory { get; } = TempDirectory.Create("logbeam-server");

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>A client with the admin key.</summary>
    public HttpClient Admin { get; private set; } = null!;

    /// <summary>A client without credentials, as a device is.</summary>
    public HttpClient Device { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    /// <summary>The embedded broker's plain TCP port.</summary>
    public int MqttPort => Services.GetRequiredService<EmbeddedBroker>().TcpPort ?? throw new InvalidOperationException("MQTT over TCP is off.");

    /// <summary>The embedded broker's TLS port.</summary>
    public int MqttTlsPort => Services.GetRequiredService<EmbeddedBroker>().TlsPort ?? throw new InvalidOperationException("MQTT over TLS is off.");

    public virtual async Task InitializeAsync()
    {
        var args = new List<string>
        {
            "--urls", "http://127.0.0.1:0",
            "--Storage:DataDirectory", DataDirectory,
            "--Api:AdminKey", AdminKey,
            "--Logging:LogLevel:Default", "Warning",
            // Tests share the machine: the embedded broker takes free ports, which MqttPort and MqttTlsPort report.
            "--Mqtt:Port", "0",
            "--Mqtt:TlsPort", "0",
        };
        foreach (var (key, value) in _settings)
        {
            args.Add($"--{key}");
            args.Add(value ?? string.Empty);
        }

        _args = [.. args];
        await StartAppAsync();
    }

    /// <summary>
    /// Stops the server as a shutdown does and starts it again on the same data directory (on a new port), as a
    /// restart would; the clients are made anew.
    /// </summary>
    public async Task RestartAsync()
    {
        Admin.Dispose();
        Device.Dispose();
        await _app!.StopAsync();
        await _app.DisposeAsync();
        await StartAppAsync();
    }

    private async Task StartAppAsync()
    {
        _app = LogbeamApp.Create(_args);
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address);
        Admin = new HttpClient { BaseAddress = BaseAddress };
        Admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        Device = new HttpClient { BaseAddress = BaseAddress };
    }

    public virtual async Task DisposeAsync()
    {
        Admin.Dispose();
        Device.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        TempDirectory.Delete(DataDirectory);
    }

    /// <summary>Creates a product with a unique id (tests share a server) and returns its id.</summary>
    public async Task<string> CreateProductAsync(int defaultLevel = 4)
    {
        var productId = "P" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();
        var response = await Admin.PostAsJsonAsync("/api/v1/products", new { productId, name = "Test product", defaultLogLevel = defaultLevel });
        response.EnsureSuccessStatusCode();
        return productId;
    }

    /// <summary>Registers a key device and returns its PSK.</summary>
    public async Task<string> CreateKeyDeviceAsync(string productId, string deviceName)
    {
        var response = await Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices", new { deviceName, authMode = "key" });
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        return created.GetProperty("psk").GetString()!;
    }

    /// <summary>Registers the protocol vectors' device (ABCDE12345/dev001 with its PSK), once per server.</summary>
    public async Task EnsureVectorDeviceAsync()
    {
        await Admin.PostAsJsonAsync("/api/v1/products", new { productId = Vectors.ProductId, name = "Vectors", defaultLogLevel = 4 });
        await Admin.PostAsJsonAsync($"/api/v1/products/{Vectors.ProductId}/devices", new { deviceName = Vectors.DeviceName, psk = Vectors.Psk });
    }

    /// <summary>Changes a product's upload rules through <c>PATCH /api/v1/products/{id}</c>; returns the product as answered.</summary>
    public async Task<System.Text.Json.JsonElement> SetUploadRulesAsync(string productId, bool? allowCertificateKeyHmac = null, bool? legacyUploads = null)
    {
        var body = new Dictionary<string, bool>();
        if (allowCertificateKeyHmac is { } allow)
        {
            body["allowCertificateKeyHmac"] = allow;
        }

        if (legacyUploads is { } legacy)
        {
            body["legacyUploads"] = legacy;
        }

        using var response = await Admin.PatchAsJsonAsync($"/api/v1/products/{productId}", body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    }

    public async Task CreateCertDeviceAsync(string productId, string deviceName, string certificatePem)
    {
        var response = await Admin.PostAsJsonAsync(
            $"/api/v1/products/{productId}/devices", new { deviceName, authMode = "cert", certificate = certificatePem });
        response.EnsureSuccessStatusCode();
    }
}
