using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Protocol;
using Logbeam.Server.Storage;
using Logbeam.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Logbeam.Server.Tests.Api;

/// <summary>The per-minute and per-device counts behind the console: the SQLite store's aggregation and <c>/products/{id}/stats</c>.</summary>
public sealed class StatsApiTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private ILogStore Store => server.Services.GetRequiredService<ILogStore>();

    [Fact]
    public async Task CountPerMinute_CountsTheProductsLinesByMinuteAndLevel_InTheWindowOnly()
    {
        var (productId, a, b) = await TwoDevicesAsync();
        var other = await server.CreateProductAsync();
        var otherPsk = await server.CreateKeyDeviceAsync(other, "x");
        var before = DateTimeOffset.UtcNow;
        await UploadAsync(productId, "a", a, "ERR one", "ERR two", "INF three");
        await UploadAsync(productId, "b", b, "DBG four");
        await UploadAsync(other, "x", otherPsk, "ERR elsewhere");
        var after = DateTimeOffset.UtcNow.AddMilliseconds(1);

        var counts = await Store.CountPerMinuteAsync(productId, before.AddMinutes(-5), after, CancellationToken.None);

        Assert.Equal(3, counts.Sum(c => c.Level == DeviceLogLevel.Error ? c.Count : 0) + counts.Sum(c => c.Level == DeviceLogLevel.Info ? c.Count : 0));
        Assert.Equal(4, counts.Sum(c => c.Count));
        Assert.All(counts, c => Assert.Equal(0, c.Minute.ToUnixTimeMilliseconds() % 60_000));
        Assert.All(counts, c => Assert.InRange(c.Minute, before.AddMinutes(-1), after));
        Assert.Equal(counts.OrderBy(c => c.Minute).ThenBy(c => c.Level), counts);
        Assert.Empty(await Store.CountPerMinuteAsync(productId, after, after.AddMinutes(1), CancellationToken.None));
        Assert.Empty(await Store.CountPerMinuteAsync("NOSUCHPROD", before.AddMinutes(-5), after, CancellationToken.None));
    }

    [Fact]
    public async Task CountPerDevice_GroupsByDeviceNameAndLevel_SortedByName()
    {
        var (productId, a, b) = await TwoDevicesAsync();
        await UploadAsync(productId, "b", b, "WRN w1", "WRN w2", "ERR e");
        await UploadAsync(productId, "a", a, "INF i");
        var now = DateTimeOffset.UtcNow.AddSeconds(1);

        var counts = await Store.CountPerDeviceAsync(productId, now.AddHours(-24), now, CancellationToken.None);

        Assert.Equal(
            [new DeviceLevelCount("a", DeviceLogLevel.Info, 1), new DeviceLevelCount("b", DeviceLogLevel.Error, 1), new DeviceLevelCount("b", DeviceLogLevel.Warn, 2)],
            counts);
        Assert.Empty(await Store.CountPerDeviceAsync(productId, now, now.AddHours(1), CancellationToken.None));
    }

    [Fact]
    public async Task CountPerDevice_ADeviceDeletedAndMadeAgain_CountsAsOne()
    {
        var productId = await server.CreateProductAsync();
        var first = await server.CreateKeyDeviceAsync(productId, "reborn");
        await UploadAsync(productId, "reborn", first, "ERR old life");
        (await server.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/reborn")).EnsureSuccessStatusCode();
        var second = await server.CreateKeyDeviceAsync(productId, "reborn");
        await UploadAsync(productId, "reborn", second, "ERR new life");
        var now = DateTimeOffset.UtcNow.AddSeconds(1);

        var counts = await Store.CountPerDeviceAsync(productId, now.AddHours(-1), now, CancellationToken.None);

        Assert.Equal([new DeviceLevelCount("reborn", DeviceLogLevel.Error, 2)], counts);
    }

    [Fact]
    public async Task StatsEndpoint_HasEveryMinuteOfTheWindow_AndTheDevicesLast24Hours()
    {
        var (productId, a, b) = await TwoDevicesAsync();
        await UploadAsync(productId, "a", a, "ERR e", "WRN w", "INF i", "DBG d", "DBG d2");
        await UploadAsync(productId, "b", b, "INF hello");

        var stats = await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}/stats?minutes=15");

        var perMinute = stats.GetProperty("perMinute").EnumerateArray().ToList();
        Assert.Equal(15, perMinute.Count);
        var minutes = perMinute.Select(m => m.GetProperty("minute").GetDateTimeOffset()).ToList();
        Assert.Equal(stats.GetProperty("since").GetDateTimeOffset(), minutes[0]);
        Assert.All(minutes.Skip(1).Zip(minutes), pair => Assert.Equal(TimeSpan.FromMinutes(1), pair.First - pair.Second));
        Assert.Equal(stats.GetProperty("until").GetDateTimeOffset(), minutes[^1].AddMinutes(1));
        Assert.Equal(6, perMinute.Sum(m => m.GetProperty("counts").GetProperty("total").GetInt64()));
        Assert.Equal(2, perMinute.Sum(m => m.GetProperty("counts").GetProperty("debug").GetInt64()));

        var devices = stats.GetProperty("devices").EnumerateArray().ToList();
        Assert.Equal(["a", "b"], devices.Select(d => d.GetProperty("deviceName").GetString()));
        var countsA = devices[0].GetProperty("counts");
        Assert.Equal((1, 1, 1, 2, 5), (countsA.GetProperty("error").GetInt64(), countsA.GetProperty("warn").GetInt64(),
            countsA.GetProperty("info").GetInt64(), countsA.GetProperty("debug").GetInt64(), countsA.GetProperty("total").GetInt64()));
    }

    [Theory]
    [InlineData("?minutes=0", HttpStatusCode.BadRequest)]
    [InlineData("?minutes=1441", HttpStatusCode.BadRequest)]
    [InlineData("?minutes=1440", HttpStatusCode.OK)]
    public async Task StatsEndpoint_BoundsTheWindow(string query, HttpStatusCode expected)
    {
        var productId = await server.CreateProductAsync();
        using var response = await server.Admin.GetAsync($"/api/v1/products/{productId}/stats{query}");
        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task StatsEndpoint_UnknownProduct_IsNotFound_AndNeedsTheKey()
    {
        using var missing = await server.Admin.GetAsync("/api/v1/products/NOSUCHPROD/stats");
        using var anonymous = await server.Device.GetAsync("/api/v1/products/NOSUCHPROD/stats");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private async Task<(string ProductId, string PskA, string PskB)> TwoDevicesAsync()
    {
        var productId = await server.CreateProductAsync();
        return (productId, await server.CreateKeyDeviceAsync(productId, "a"), await server.CreateKeyDeviceAsync(productId, "b"));
    }

    private async Task UploadAsync(string productId, string deviceName, string psk, params string[] lines) =>
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, deviceName, lines), psk)));
}
