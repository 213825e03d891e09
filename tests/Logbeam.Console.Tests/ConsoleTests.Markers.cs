using static Microsoft.Playwright.Assertions;

namespace Logbeam.Console.Tests;

/// <summary>A device's gaps, drops and restarts in the log view, among its lines where they happened.</summary>
public sealed partial class ConsoleTests
{
    [Fact]
    public async Task GapsDropsAndRestarts_AppearInline_InTheHistoryAndTheLiveTail_AndAGapGoesWhenItsLinesArrive()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "counted-1");
        await NumberedAsync(productId, "counted-1", psk, "\"BootId\":\"b1\",\"FirstLine\":1", "INF one", "INF two");
        await NumberedAsync(productId, "counted-1", psk, "\"BootId\":\"b1\",\"FirstLine\":6,\"Dropped\":{\"BufferFull\":312}", "INF six");

        var page = await server.OpenAsync($"#/p/{productId}/d/counted-1");

        var rows = page.Locator("#lines > li");
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(rows.Nth(2)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("⚠ lines 3–5 never arrived$"));
        await Expect(rows.Nth(3)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("⚠ 312 lines dropped on the device \\(buffer full\\)$"));
        await Expect(rows.Nth(4)).ToContainTextAsync("six");

        // Live: the device restarts, and the late lines 3-5 arrive: the restart shows, the gap goes.
        await NumberedAsync(productId, "counted-1", psk, "\"BootId\":\"b1\",\"FirstLine\":3", "INF three", "INF four", "INF five");
        await NumberedAsync(productId, "counted-1", psk, "\"BootId\":\"b2\",\"FirstLine\":1", "INF again");

        await Expect(page.Locator("#lines > li.marker-restart")).ToHaveCountAsync(1);
        await Expect(page.Locator("#lines > li.marker-gap")).ToHaveCountAsync(0);
        await Expect(page.Locator("#lines > li.line")).ToHaveCountAsync(7);
        await Expect(page.Locator("#lines > li").Last).ToContainTextAsync("again");
        await Expect(page.Locator("#lines > li").Nth(-2)).ToContainTextAsync("↻ device restarted");
    }

    private async Task NumberedAsync(string productId, string deviceName, string psk, string members, params string[] lines)
    {
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.NumberedBody(productId, deviceName, members, lines), psk)));
    }
}
