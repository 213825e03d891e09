using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
    public async Task Tail_OpensWithAKeepAlive_ThenSendsEachLineAsAnUnnamedEvent_WithItsCursorAsId()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "w");
        await using var tail = await SseReader.OpenAsync(server.Admin, $"/api/v1/logs/stream?productId={productId}");

        Assert.True(tail.Headers.CacheControl?.NoCache);
        Assert.Equal("no", tail.Headers.GetValues("X-Accel-Buffering").Single()); // else nginx holds events back

        // What the console and the CLI rely on: a keep-alive has a name of its own, empty data and no id (so it does
        // not move Last-Event-ID); a line is a "message" whose id is the cursor GET /logs pages with.
        var opening = await tail.NextEventAsync(Wait);
        Assert.Equal("keep-alive", opening.EventType);
        Assert.Equal(string.Empty, opening.Data);
        Assert.Null(opening.EventId);

        await UploadAsync(productId, "w", psk, "INF on the wire");
        var line = await tail.NextEventAsync(Wait);
        Assert.Equal("message", line.EventType);
        var page = await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/logs?productId={productId}&limit=1");
        var stored = page.GetProperty("items")[0];
        var sent = JsonDocument.Parse(line.Data).RootElement;
        Assert.Equal(stored.GetRawText(), sent.GetRawText());
        Assert.Equal(page.GetProperty("nextCursor").GetString(), line.EventId); // a page of one ends at that line
    }

    [Fact]
    public async Task Tail_EndsCleanly_WhenTheServerStops()
    {
        var own = new LogbeamServer();
        await own.InitializeAsync();
        try
        {
            var productId = await own.CreateProductAsync();
            await using var tail = await SseReader.OpenAsync(own.Admin, $"/api/v1/logs/stream?productId={productId}");

            own.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();

            // The response is completed (a client then reconnects), not left open until the shutdown gives up on it.
            await Assert.ThrowsAsync<EndOfStreamException>(async () =>
            {
                while (true)
                {
                    await tail.NextEventAsync(Wait);
                }
            });
        }
        finally
        {
            await own.DisposeAsync();
        }
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
