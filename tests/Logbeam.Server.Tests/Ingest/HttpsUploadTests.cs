using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Logbeam.Server.Tests.Infrastructure;
using Logbeam.Server.Tests.Mqtt;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>
/// Uploads over HTTPS, as TLS builds of the SDKs send them: an operator's certificate on a Kestrel endpoint (the
/// configuration docs/operations.md shows), and <c>curl --cacert</c> as the device, trusting only the operator's CA.
/// </summary>
public sealed class HttpsUploadTests : IAsyncLifetime
{
    private readonly string _dataDirectory = TempDirectory.Create("logbeam-https");
    private readonly TestCertificates _certificates = new();
    private ServerProcess _server = null!;
    private int _httpsPort;

    public async Task InitializeAsync()
    {
        _server = await ServerProcess.StartAsync(
            _dataDirectory, LogbeamServer.AdminKey,
            "--Kestrel:Endpoints:Http:Url", "http://127.0.0.1:0",
            "--Kestrel:Endpoints:Https:Url", "https://127.0.0.1:0",
            "--Kestrel:Endpoints:Https:Certificate:Path", _certificates.ServerCertificatePath,
            "--Kestrel:Endpoints:Https:Certificate:KeyPath", _certificates.ServerKeyPath);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        Match https;
        while (!(https = Regex.Match(_server.Output, @"Now listening on: https://127\.0\.0\.1:(\d+)")).Success)
        {
            Assert.True(DateTime.UtcNow < deadline, "the server did not listen for HTTPS:\n" + _server.Output);
            await Task.Delay(50);
        }

        _httpsPort = int.Parse(https.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificates.Dispose();
        TempDirectory.Delete(_dataDirectory);
    }

    [Fact]
    public async Task ASignedUpload_OverHttps_WithCurlTrustingTheOperatorsCa_IsStored_AndTheCredentialsNameTheHttpsPort()
    {
        (await _server.Admin.PostAsJsonAsync("/api/v1/products", new { productId = "HTTPS00001", name = "https", defaultLogLevel = 4 }))
            .EnsureSuccessStatusCode();
        var created = await (await _server.Admin.PostAsJsonAsync("/api/v1/products/HTTPS00001/devices", new { deviceName = "tls-dev" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(_httpsPort, created.GetProperty("httpsPort").GetInt32());

        var body = Uploads.JavaBody("HTTPS00001", "tls-dev", "INF|2026-01-01 12:00:00|tls|over https");
        var request = Uploads.Hmac(body, created.GetProperty("psk").GetString()!);
        var bodyFile = Path.Combine(_dataDirectory, "body.json");
        await File.WriteAllBytesAsync(bodyFile, body);
        var arguments = new List<string>
        {
            "-sS", "--cacert", _certificates.CaPath, $"https://localhost:{_httpsPort}/device/reportlog", "--data-binary", "@" + bodyFile,
            "-H", "Content-Type: application/json",
        };
        foreach (var (name, values) in request.Headers)
        {
            arguments.AddRange(["-H", $"{name}: {string.Join(",", values)}"]);
        }

        var (exitCode, output) = await ExternalProgram.RunAsync(TimeSpan.FromSeconds(30), ExternalProgram.Require("curl", "curl"), [.. arguments]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("\"RequestId\"", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Error\"", output, StringComparison.Ordinal);
        var lines = await LogsClient.DeviceLinesAsync(_server.Admin, "HTTPS00001", "tls-dev");
        Assert.Contains(lines, line => line.GetProperty("text").GetString() == "over https");
    }
}
