using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;
using Logbeam.Server.Tests.Observability;

namespace Logbeam.Server.Tests.Accounting;

/// <summary>
/// <c>GET …/devices/{name}/gaps</c> over real signed uploads that carry Logbeam's optional members: gaps appear where
/// numbered lines are missing and close when they arrive late; reported drops and restarts show where they happened.
/// </summary>
public sealed class LineEventsApiTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task AHole_IsAGap_UntilTheLateUploadArrives_AndDropsAndRestartsAreListed()
    {
        var (productId, psk) = await DeviceAsync("numbered");
        await UploadAsync(productId, psk, """ "BootId":"boot-1","FirstLine":1 """, 3);
        await UploadAsync(productId, psk, """ "BootId":"boot-1","FirstLine":7,"Dropped":{"BufferFull":312} """, 2);

        var gaps = await GapsAsync(productId);
        Assert.Equal((3L, 312L, 0), (gaps.GetProperty("missingLines").GetInt64(), gaps.GetProperty("droppedLines").GetInt64(), gaps.GetProperty("restarts").GetInt32()));
        var items = gaps.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["gap", "dropped"], items.Select(i => i.GetProperty("kind").GetString()));
        Assert.Equal((4L, 6L), (items[0].GetProperty("fromLine").GetInt64(), items[0].GetProperty("toLine").GetInt64()));
        Assert.Equal(312, items[1].GetProperty("bufferFull").GetInt64());

        // The spool drains: lines 4-6 arrive late and the gap closes. Then the device restarts.
        await UploadAsync(productId, psk, """ "BootId":"boot-1","FirstLine":4 """, 3);
        await UploadAsync(productId, psk, """ "BootId":"boot-2","FirstLine":1 """, 1);

        gaps = await GapsAsync(productId);
        Assert.Equal((0L, 312L, 1), (gaps.GetProperty("missingLines").GetInt64(), gaps.GetProperty("droppedLines").GetInt64(), gaps.GetProperty("restarts").GetInt32()));
        Assert.Equal(["dropped", "restart"], gaps.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task UnusableMembers_AreIgnoredAndCounted_TheLinesAreStored_AndTheGapTableIsUntouched()
    {
        var (productId, psk) = await DeviceAsync("garbled");
        var before = await IgnoredAsync();

        await UploadAsync(productId, psk, $$""" "BootId":"{{new string('x', 10_000)}}","FirstLine":1 """, 1, "garbled");
        await UploadAsync(productId, psk, """ "BootId":"b","FirstLine":-4,"Dropped":{"BufferFull":-1} """, 1, "garbled");
        await UploadAsync(productId, psk, """ "BootId":["b"],"FirstLine":"1","Dropped":"lots" """, 1, "garbled");
        await UploadAsync(productId, psk, """ "BootId":"b","FirstLine":90071992547409930 """, 1, "garbled");

        Assert.Equal(4, (await LogsClient.DeviceLinesAsync(server.Admin, productId, "garbled")).Count);
        Assert.Equal(before + 7, await IgnoredAsync());
        Assert.Empty((await GapsAsync(productId, "garbled")).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task ABadSince_Is400_AndAnUnknownDevice404()
    {
        var (productId, _) = await DeviceAsync("asked");

        Assert.Equal(HttpStatusCode.BadRequest,
            (await server.Admin.GetAsync($"/api/v1/products/{productId}/devices/asked/gaps?since=yesterday")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Admin.GetAsync($"/api/v1/products/{productId}/devices/ghost/gaps")).StatusCode);
    }

    private async Task<(string ProductId, string Psk)> DeviceAsync(string deviceName)
    {
        var productId = await server.CreateProductAsync();
        return (productId, await server.CreateKeyDeviceAsync(productId, deviceName));
    }

    private async Task UploadAsync(string productId, string psk, string members, int lines, string deviceName = "numbered")
    {
        var body = Uploads.NumberedBody(productId, deviceName, members.Trim(), [.. Enumerable.Range(0, lines).Select(i => $"INF line {i}")]);
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(body, psk)));
    }

    private async Task<JsonElement> GapsAsync(string productId, string deviceName = "numbered") =>
        await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}/devices/{deviceName}/gaps");

    private async Task<double> IgnoredAsync() =>
        PrometheusScrape.Parse(await server.Device.GetStringAsync("/metrics")).Value("logbeam_ingest_extension_members_ignored_total") ?? 0;
}
