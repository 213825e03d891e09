using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Logbeam.Protocol;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Ingest;

/// <summary>
/// What a line's fields hold once stored: every character the device sent that is not a separator, and no more than the
/// line limit in whichever field the characters are.
/// </summary>
public sealed partial class LineFieldTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private const int LineLimit = 8192;

    [Fact]
    public async Task OverlongTag_IsCutToTheTagLimitMarkedAndCounted()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "tagger");
        var body = Uploads.JavaBody(productId, "tagger", "INF|2026-01-01 12:00:00|" + new string('T', 900_000) + "|c");
        var before = await TruncatedLinesAsync();

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk)));

        var line = Assert.Single(await LogsClient.DeviceLinesAsync(server.Admin, productId, "tagger"));
        Assert.Equal(new string('T', LogLineParser.MaxTagLength) + LogLineParser.TruncationMarker, line.GetProperty("tag").GetString());
        Assert.Equal("c", line.GetProperty("text").GetString());
        Assert.Equal("2026-01-01T12:00:00", line.GetProperty("deviceTime").GetString());
        Assert.True(await TruncatedLinesAsync() >= before + 1);
    }

    [Fact]
    public async Task OverlongTagInALegacyFrame_IsCutToTheTagLimit()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "d");
        var lines = Encoding.UTF8.GetBytes("ERR|2026-01-01 12:00:00|" + new string('T', 20_000) + "|main(1): oops\n\f");

        using var content = new ByteArrayContent(LegacyFrame.Build('P', productId, "d", 0, lines, psk));
        using var response = await server.Device.PostAsync("/cgi-bin/report-log", content);
        Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Retcode").GetInt32());

        var line = Assert.Single(await LogsClient.DeviceLinesAsync(server.Admin, productId, "d"));
        Assert.Equal(new string('T', LogLineParser.MaxTagLength) + LogLineParser.TruncationMarker, line.GetProperty("tag").GetString());
        Assert.Equal("main(1): oops", line.GetProperty("text").GetString());
    }

    [Fact]
    public async Task TagAndText_TogetherKeepNoMoreThanTheLineLimit()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "both");
        var tag = new string('t', 100);
        var body = Uploads.JavaBody(productId, "both", $"INF|2023-11-15 06:13:20|{tag}|" + new string('x', 20_000));

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk)));

        var line = Assert.Single(await LogsClient.DeviceLinesAsync(server.Admin, productId, "both"));
        Assert.Equal(tag, line.GetProperty("tag").GetString());
        Assert.Equal(new string('x', LineLimit - tag.Length) + LogLineParser.TruncationMarker, line.GetProperty("text").GetString());
    }

    [Theory]
    [InlineData("INF|disk|sda1|failed", "disk|sda1|failed")]
    [InlineData("WRN|2023-13-15 06:13:20|tag|bad month", "2023-13-15 06:13:20|tag|bad month")]
    public async Task SecondFieldNotADate_EveryCharacterAfterTheLevelIsStored(string sent, string stored)
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "disk");

        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, "disk", sent), psk)));

        var line = Assert.Single(await LogsClient.DeviceLinesAsync(server.Admin, productId, "disk"));
        Assert.Equal(stored, line.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, line.GetProperty("tag").ValueKind);
        Assert.Equal(JsonValueKind.Null, line.GetProperty("deviceTime").ValueKind);
        Assert.Equal(sent[..3], line.GetProperty("levelName").GetString());
    }

    private async Task<double> TruncatedLinesAsync()
    {
        var match = TruncatedCounter().Match(await server.Admin.GetStringAsync("/metrics"));
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^logbeam_ingest_lines_truncated_total (\S+)$", RegexOptions.Multiline)]
    private static partial Regex TruncatedCounter();
}
