using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>What the store keeps of an upload: exactly-once batches, empty content, lines without a tag.</summary>
public sealed class ReportLogStorageTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task SameBatchIdTwice_IsAcknowledgedTwiceAndStoredOnce()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "retrier");
        var body = BatchBody(productId, "retrier", "batch-7", "INF|first", "ERR|second");

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk)));
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk)));

        var lines = await LogsClient.DeviceLinesAsync(server.Admin, productId, "retrier");
        Assert.Equal(["second", "first"], lines.Select(l => l.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task LineWithEmptyContentAndNoTag_IsStoredAsEmptyText()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "terse");
        var body = Uploads.CBody(productId, "terse", "WRN|2023-11-15 06:13:20|tag|", "ERR");

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk)));

        var lines = await LogsClient.DeviceLinesAsync(server.Admin, productId, "terse");
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.Equal(string.Empty, l.GetProperty("text").GetString()));
        Assert.Equal(JsonValueKind.Null, lines[0].GetProperty("tag").ValueKind);
        Assert.Equal("tag", lines[1].GetProperty("tag").GetString());
    }

    private static byte[] BatchBody(string productId, string deviceName, string batchId, params string[] lines) => Uploads.Json(writer =>
    {
        writer.WriteString("ProductId", productId);
        writer.WriteString("DeviceName", deviceName);
        writer.WriteString("BatchId", batchId);
        writer.WriteStartArray("Message");
        foreach (var line in lines)
        {
            writer.WriteStringValue(line);
        }

        writer.WriteEndArray();
    });
}
