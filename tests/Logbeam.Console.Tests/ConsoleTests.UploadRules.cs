using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Logbeam.Console.Tests;

/// <summary>The product page's upload rules.</summary>
public sealed partial class ConsoleTests
{
    [Fact]
    public async Task UploadRules_AreShownAndSaved_AndCertificateKeyHmacIsOnlyAllowedAfterTheWarning()
    {
        var productId = await server.CreateProductAsync();
        var page = await server.OpenAsync($"#/p/{productId}");
        var certificateKeyHmac = page.GetByLabel("Accept HMAC signed with the certificate key");
        var legacyUploads = page.GetByLabel("Accept legacy uploads");
        await Expect(certificateKeyHmac).Not.ToBeCheckedAsync();
        await Expect(legacyUploads).ToBeCheckedAsync();
        await Expect(page.Locator("#cert-hmac-warning")).ToContainTextAsync("can then upload as that device");

        string? asked = null;
        var accept = false;
        page.Dialog += (_, dialog) =>
        {
            asked = dialog.Message;
            _ = accept ? dialog.AcceptAsync() : dialog.DismissAsync();
        };

        // Declining the warning leaves it off.
        await certificateKeyHmac.ClickAsync();
        await Expect(certificateKeyHmac).Not.ToBeCheckedAsync();
        Assert.Contains("can then upload as that device", asked, StringComparison.Ordinal);
        Assert.Equal((false, true), await RulesAsync(productId));

        accept = true;
        await certificateKeyHmac.ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync($"{productId}: certificate-key HMAC on.");
        await legacyUploads.ClickAsync();
        await Expect(page.Locator("#status")).ToHaveTextAsync($"{productId}: legacy uploads off.");
        Assert.Equal((true, false), await RulesAsync(productId));

        await page.ReloadAsync();
        await Expect(page.GetByLabel("Accept HMAC signed with the certificate key")).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Accept legacy uploads")).Not.ToBeCheckedAsync();
    }

    private async Task<(bool AllowCertificateKeyHmac, bool LegacyUploads)> RulesAsync(string productId)
    {
        var product = await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}");
        return (product.GetProperty("allowCertificateKeyHmac").GetBoolean(), product.GetProperty("legacyUploads").GetBoolean());
    }
}
