using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Storage;

/// <summary>
/// The data directory on a disk that fills up and is freed again: the API answers 503 problems and creates nothing,
/// uploads are refused, and <c>/healthz</c> says Unhealthy until a commit goes through again.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DiskFullTests : IAsyncLifetime
{
    private SmallDisk _disk = null!;
    private DiskServer _server = null!;

    public async Task InitializeAsync()
    {
        _disk = SmallDisk.Mount(megabytes: 24);
        _server = new DiskServer(Path.Combine(_disk.Path, "data"));
        await _server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _disk.Dispose();
    }

    [Fact]
    public async Task CreateDevice_OnAFullDisk_Is503Problem_AndCreatesNothing_ThenWorksOnceFreed()
    {
        var productId = await _server.CreateProductAsync();
        _disk.Fill();

        using var refused = await _server.Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices", new { deviceName = "late" });

        var body = await refused.Content.ReadAsStringAsync();
        Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}: {body}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("space", JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync($"/api/v1/products/{productId}/devices/late")).StatusCode);

        _disk.Free();
        await _server.CreateKeyDeviceAsync(productId, "late");
    }

    [Fact]
    public async Task Healthz_IsUnhealthyWhileCommitsFail_AndHealthyOnceOneSucceeds()
    {
        var productId = await _server.CreateProductAsync();
        var psk = await _server.CreateKeyDeviceAsync(productId, "d");
        Assert.Null(await UploadAsync(productId, psk));
        Assert.Equal(HttpStatusCode.OK, (await _server.Device.GetAsync("/healthz")).StatusCode);

        _disk.Fill();
        Assert.NotNull(await UploadAsync(productId, psk));
        using (var unhealthy = await _server.Device.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, unhealthy.StatusCode);
            Assert.Equal("Unhealthy", await unhealthy.Content.ReadAsStringAsync());
        }

        _disk.Free();
        Assert.Null(await UploadAsync(productId, psk));
        Assert.Equal(HttpStatusCode.OK, (await _server.Device.GetAsync("/healthz")).StatusCode);
    }

    // Enough lines that the commit needs new pages, whatever space earlier writes left behind in the files.
    private Task<string?> UploadAsync(string productId, string psk)
    {
        var lines = Enumerable.Range(0, 500).Select(i => $"INF|2026-01-01 12:00:00|disk|line {i} {Guid.NewGuid()} {new string('x', 200)}").ToArray();
        return Uploads.SendForCodeAsync(_server.Device, Uploads.Hmac(Uploads.CBody(productId, "d", lines), psk));
    }

    private sealed class DiskServer(string dataDirectory) : LogbeamServer(new() { ["Storage:DataDirectory"] = dataDirectory });
}
