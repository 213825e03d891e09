using System.Net;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary><c>GET /api/v1/logs/stream</c>: lines appear as they are committed, filtered, resumable.</summary>
public sealed class LogStreamTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Tail_StartsAtNow_ThenDeliversNewLinesInOrder_WithTheFilter()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "t");
        await UploadAsync(productId, "t", psk, "ERR|2023-11-15 06:13:20|t|old news");

        await using var tail = await SseReader.OpenAsync(server.Admin, $"/api/v1/logs/stream?productId={productId}&deviceName=t&maxLevel=2");
        await UploadAsync(productId, "t", psk, "ERR|2023-11-15 06:13:21|t|first", "INF|2023-11-15 06:13:21|t|filtered out", "WRN|2023-11-15 06:13:22|t|second");

        var first = await tail.NextAsync(Wait);
        var second = await tail.NextAsync(Wait);
        Assert.Equal("first", first.Data.GetProperty("text").GetString());
        Assert.Equal("second", second.Data.GetProperty("text").GetString());
        Assert.Equal(productId, second.Data.GetProperty("productId").GetString());
        Assert.NotEqual(first.Id, second.Id);
    }

    [Fact]
    public async Task Tail_ResumesAfterLastEventId_WithoutGaps()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "r");
        string lastId;
        await using (var tail = await SseReader.OpenAsync(server.Admin, $"/api/v1/logs/stream?productId={productId}"))
        {
            await UploadAsync(productId, "r", psk, "INF one");
            lastId = (await tail.NextAsync(Wait)).Id;
        }

        await UploadAsync(productId, "r", psk, "INF two", "INF three");

        await using var resumed = await SseReader.OpenAsync(server.Admin, $"/api/v1/logs/stream?productId={productId}", lastId);
        Assert.Equal("two", (await resumed.NextAsync(Wait)).Data.GetProperty("text").GetString());
        Assert.Equal("three", (await resumed.NextAsync(Wait)).Data.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Tail_NeedsTheAdminKey_AndValidFilters()
    {
        using var anonymous = await server.Device.GetAsync("/api/v1/logs/stream");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using var bad = await server.Admin.GetAsync("/api/v1/logs/stream?minLevel=loud");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private async Task UploadAsync(string productId, string deviceName, string psk, params string[] lines) =>
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, deviceName, lines), psk)));
}
