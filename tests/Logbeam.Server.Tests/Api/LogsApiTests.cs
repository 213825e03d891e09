using System.Net;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary><c>GET /api/v1/logs</c>: each filter, the cursor, and refusals of bad parameters.</summary>
public sealed class LogsApiTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task DeviceAndProductFilters_SelectTheirLines()
    {
        var (productId, a, b) = await TwoDevicesAsync();
        await UploadAsync(productId, "a", a, "ERR|2023-11-15 06:13:20|t|from a");
        await UploadAsync(productId, "b", b, "ERR|2023-11-15 06:13:20|t|from b");

        var onlyA = await TextsAsync($"productId={productId}&deviceName=a");
        var both = await TextsAsync($"productId={productId}");

        Assert.Equal(["from a"], onlyA);
        Assert.Equal(["from b", "from a"], both);
    }

    [Fact]
    public async Task LevelFilters_AreInclusiveWireCodes_ByNumberOrName()
    {
        var (productId, a, _) = await TwoDevicesAsync();
        await UploadAsync(productId, "a", a,
            "ERR|2023-11-15 06:13:20|t|e", "WRN|2023-11-15 06:13:20|t|w", "INF|2023-11-15 06:13:20|t|i", "DBG|2023-11-15 06:13:20|t|d");

        Assert.Equal(["w", "e"], await TextsAsync($"productId={productId}&minLevel=1&maxLevel=2"));
        Assert.Equal(["d", "i"], await TextsAsync($"productId={productId}&minLevel=info"));
        Assert.Equal(["w"], await TextsAsync($"productId={productId}&minLevel=WRN&maxLevel=warn"));
    }

    [Fact]
    public async Task TimeWindow_SinceIsInclusive_UntilExclusive()
    {
        var (productId, a, _) = await TwoDevicesAsync();
        await UploadAsync(productId, "a", a, "INF before");
        await Task.Delay(50);
        var cut = DateTimeOffset.UtcNow;
        await Task.Delay(50);
        await UploadAsync(productId, "a", a, "INF after");
        var at = Uri.EscapeDataString(cut.ToString("O"));

        Assert.Equal(["after"], await TextsAsync($"productId={productId}&since={at}"));
        Assert.Equal(["before"], await TextsAsync($"productId={productId}&until={at}"));
        Assert.Empty(await TextsAsync($"productId={productId}&since={at}&until={at}"));
    }

    [Fact]
    public async Task FullText_MatchesEveryTerm_AndNeverTreatsInputAsSyntax()
    {
        var (productId, a, _) = await TwoDevicesAsync();
        await UploadAsync(productId, "a", a, "ERR sensor timeout on bus 3", "ERR sensor ok", "INF bus idle");

        Assert.Equal(["bus idle", "sensor timeout on bus 3"], await TextsAsync($"productId={productId}&q=bus"));
        Assert.Equal(["sensor timeout on bus 3"], await TextsAsync($"productId={productId}&q=" + Uri.EscapeDataString("sensor bus")));
        Assert.Empty(await TextsAsync($"productId={productId}&q=" + Uri.EscapeDataString("\"unbalanced AND (")));
        Assert.Empty(await TextsAsync($"productId={productId}&q=nowhere"));
    }

    [Fact]
    public async Task Cursor_PagesNewestFirst_WithoutGapsOrRepeats()
    {
        var (productId, a, _) = await TwoDevicesAsync();
        var sent = Enumerable.Range(0, 25).Select(i => $"INF|2023-11-15 06:13:20|t|line {i:00}").ToArray();
        await UploadAsync(productId, "a", a, sent);

        var seen = new List<string>();
        var ids = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var (items, next) = await LogsClient.QueryAsync(
                server.Admin, $"productId={productId}&limit=10" + (cursor is null ? string.Empty : "&cursor=" + cursor));
            seen.AddRange(items.Select(i => i.GetProperty("text").GetString()!));
            ids.AddRange(items.Select(i => i.GetProperty("id").GetInt64()));
            cursor = next;
            pages++;
        }
        while (cursor is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(sent.Select(s => s[(s.LastIndexOf('|') + 1)..]).Reverse(), seen);
        Assert.Equal(ids.OrderByDescending(id => id), ids);
    }

    [Theory]
    [InlineData("minLevel=9")]
    [InlineData("maxLevel=loud")]
    [InlineData("since=yesterday")]
    [InlineData("limit=0")]
    [InlineData("limit=5000")]
    [InlineData("cursor=not-a-cursor")]
    [InlineData("deviceName=orphan")]
    public async Task BadParameter_Is400Problem(string query)
    {
        using var response = await server.Admin.GetAsync("/api/v1/logs?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<List<string?>> TextsAsync(string query)
    {
        var (items, _) = await LogsClient.QueryAsync(server.Admin, query);
        return [.. items.Select(i => i.GetProperty("text").GetString())];
    }

    private async Task<(string ProductId, string PskA, string PskB)> TwoDevicesAsync()
    {
        var productId = await server.CreateProductAsync();
        return (productId, await server.CreateKeyDeviceAsync(productId, "a"), await server.CreateKeyDeviceAsync(productId, "b"));
    }

    private async Task UploadAsync(string productId, string deviceName, string psk, params string[] lines) =>
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, deviceName, lines), psk)));
}
