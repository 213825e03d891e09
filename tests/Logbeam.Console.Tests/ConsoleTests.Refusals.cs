using Logbeam.Protocol;
using static Microsoft.Playwright.Assertions;

namespace Logbeam.Console.Tests;

/// <summary>What the platform refused of a device, and its clock, on the device page and in the device list.</summary>
public sealed partial class ConsoleTests
{
    [Fact]
    public async Task RefusedUploads_AreNamedOnTheDevicePage_WithTheClockOffset_AndFlaggedInTheDeviceList()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "late-1");
        await server.CreateKeyDeviceAsync(productId, "fine-1");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(ReportLogErrorCodes.SignatureExpire, await Uploads.SendForCodeAsync(server.Device,
                Uploads.Hmac(Uploads.CBody(productId, "late-1", "INF late"), psk, timestamp: Uploads.Now() - 7230)));
        }

        var page = await server.OpenAsync($"#/p/{productId}/d/late-1");

        var refusals = page.Locator("#device-refusals");
        await Expect(refusals).ToContainTextAsync("2 uploads refused in the last 24 h");
        await Expect(refusals).ToContainTextAsync("AuthFailure.SignatureExpire × 2");
        await Expect(refusals).ToContainTextAsync("X-TC-Timestamp 2 h behind the platform's clock: the device clock is wrong.");
        await Expect(page.Locator("#device-clock")).ToHaveTextAsync("2 h behind · not synced");

        await page.GotoAsync(page.Url.Replace("/d/late-1", string.Empty, StringComparison.Ordinal));
        await Expect(page.Locator("tr[data-device='late-1'] .refused-badge")).ToContainTextAsync("⚠ 2 refused");
        await Expect(page.Locator("tr[data-device='fine-1'] .refused-badge")).ToHaveCountAsync(0);
    }
}
