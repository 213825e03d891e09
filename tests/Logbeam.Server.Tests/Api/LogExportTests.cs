using System.Net;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary><c>GET /api/v1/logs/export</c>: every matching line, past the page size, as NDJSON or CSV.</summary>
public sealed class LogExportTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task Ndjson_HasEveryMatchingLine_NewestFirst_PastOnePage()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "many");
        // 2,500 lines: more than two store pages of 1,000.
        for (var batch = 0; batch < 5; batch++)
        {
            var lines = Enumerable.Range(batch * 500, 500).Select(i => $"{(i % 2 == 0 ? "INF" : "DBG")} line {i}").ToArray();
            await UploadAsync(productId, "many", psk, lines);
        }

        using var response = await server.Admin.GetAsync($"/api/v1/logs/export?format=ndjson&productId={productId}&deviceName=many");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.StartsWith($"logbeam-{productId}-many-", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var items = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(2500, items.Count);
        Assert.Equal("line 2499", items[0].GetProperty("text").GetString());
        Assert.Equal("line 0", items[^1].GetProperty("text").GetString());
        Assert.Equal(items.Select(i => i.GetProperty("id").GetInt64()).OrderDescending(), items.Select(i => i.GetProperty("id").GetInt64()));
    }

    [Fact]
    public async Task Filters_AndLimit_ApplyAsInTheQueryApi()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "d");
        await UploadAsync(productId, "d", psk, "ERR disk full", "INF disk fine", "ERR fan stuck", "ERR disk again");

        var errorsAboutDisk = await LinesAsync($"format=ndjson&productId={productId}&maxLevel=error&q=disk");
        var newestError = await LinesAsync($"format=ndjson&productId={productId}&maxLevel=error&limit=1");

        Assert.Equal(["disk again", "disk full"], errorsAboutDisk.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()));
        Assert.Single(newestError);
    }

    [Fact]
    public async Task Csv_HasAHeader_AndQuotesWhatNeedsIt()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "c");
        await UploadAsync(productId, "c", psk, "WRN|2026-01-02 03:04:05|net|said \"hi\", twice", "INF plain");

        using var response = await server.Admin.GetAsync($"/api/v1/logs/export?format=csv&productId={productId}");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,receivedAt,deviceTime,productId,deviceName,level,levelName,tag,text,requestId", rows[0]);
        Assert.Equal(3, rows.Length);
        Assert.Contains($",{productId},c,3,INF,,plain,", rows[1], StringComparison.Ordinal);
        Assert.Contains($",2026-01-02T03:04:05.000,{productId},c,2,WRN,net,\"said \"\"hi\"\", twice\",", rows[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_DefusesTextThatASpreadsheetWouldRunAsAFormula_NdjsonKeepsItExactly()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "f");
        await UploadAsync(productId, "f", psk, "ERR|2026-01-02 03:04:05|=cmd|=HYPERLINK(\"http://x\")", "INF @SUM(1)", "INF ok = fine");

        using var csv = await server.Admin.GetAsync($"/api/v1/logs/export?format=csv&productId={productId}");
        var rows = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        using var ndjson = await server.Admin.GetAsync($"/api/v1/logs/export?format=ndjson&productId={productId}");
        var lines = (await ndjson.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Contains(",'=cmd,\"'=HYPERLINK(\"\"http://x\"\")\",", rows[3], StringComparison.Ordinal);
        Assert.Contains(",INF,,'@SUM(1),", rows[2], StringComparison.Ordinal);
        Assert.Contains(",INF,,ok = fine,", rows[1], StringComparison.Ordinal);
        Assert.Equal("=HYPERLINK(\"http://x\")", System.Text.Json.JsonDocument.Parse(lines[2]).RootElement.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("format=xml")]
    [InlineData("format=csv&limit=0")]
    [InlineData("format=csv&minLevel=loud")]
    [InlineData("format=csv&deviceName=x")]
    public async Task BadParameters_AreRefusedBeforeAnythingIsSent(string query)
    {
        using var response = await server.Admin.GetAsync("/api/v1/logs/export?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task NeedsTheAdminKey()
    {
        using var response = await server.Device.GetAsync("/api/v1/logs/export?format=csv");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<string[]> LinesAsync(string query)
    {
        using var response = await server.Admin.GetAsync("/api/v1/logs/export?" + query);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private async Task UploadAsync(string productId, string deviceName, string psk, params string[] lines) =>
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, deviceName, lines), psk)));
}
