using System.Text.Json;
using Logbeam.Protocol;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Logbeam.Console.Tests;

/// <summary>The device page's "Key" card: rotate, the new PSK once with a copy button, the overlap's end, and ending it.</summary>
public sealed class KeyRotationConsoleTests(ConsoleFixture server) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task RotateKey_ShowsTheNewPskOnce_AndTheOverlap_AndEndOverlapRefusesTheOldKey()
    {
        var productId = await server.CreateProductAsync();
        var oldPsk = await server.CreateKeyDeviceAsync(productId, "rot-1");
        var page = await server.OpenAsync($"#/p/{productId}/d/rot-1");
        await Expect(page.Locator("#previous-key")).ToContainTextAsync("No previous key");

        await page.GetByLabel("Overlap", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "1 hour" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Rotate key" }).ClickAsync();

        var shown = page.GetByRole(AriaRole.Region, new() { Name = "New key of rot-1" });
        await Expect(shown).ToContainTextAsync("shown only this once");
        await Expect(shown.GetByRole(AriaRole.Button, new() { Name = "Copy New PSK" })).ToBeVisibleAsync();
        var newPsk = await shown.Locator("dd code").TextContentAsync();
        Assert.Matches("^[A-Za-z0-9+/=]{16,}$", newPsk);
        Assert.NotEqual(oldPsk, newPsk);
        await Expect(page.Locator("#previous-key")).ToContainTextAsync("The previous key is accepted until");
        await Expect(page.Locator("#previous-key")).ToContainTextAsync("never used since the rotation");
        var device = JsonDocument.Parse(await server.Admin.GetStringAsync($"/api/v1/products/{productId}/devices/rot-1")).RootElement;
        var expiresAt = device.GetProperty("previousKey").GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Null(await Send(productId, oldPsk));
        Assert.Null(await Send(productId, newPsk!));

        await page.GetByRole(AriaRole.Button, new() { Name = "End overlap now" }).ClickAsync();

        await Expect(page.Locator("#previous-key")).ToContainTextAsync("The previous key is refused since");
        await Expect(page.Locator("#previous-key")).ToContainTextAsync("last used");
        Assert.Equal(ReportLogErrorCodes.SignatureFailure, await Send(productId, oldPsk));
        Assert.Null(await Send(productId, newPsk!));

        // The new PSK is not shown again once the page is left.
        await page.ReloadAsync();
        await Expect(page.Locator("#previous-key")).ToContainTextAsync("refused since");
        Assert.DoesNotContain(newPsk!, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CertificateDevice_HasNoKeyCard()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateCertDeviceAsync(productId, "cert-1", Vectors.ReadText("dev_cert.pem"));
        var page = await server.OpenAsync($"#/p/{productId}/d/cert-1");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Log level" })).ToBeVisibleAsync();

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Rotate key" })).ToHaveCountAsync(0);
    }

    private Task<string?> Send(string productId, string psk) =>
        Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, "rot-1", "INF from the console test"), psk));
}
