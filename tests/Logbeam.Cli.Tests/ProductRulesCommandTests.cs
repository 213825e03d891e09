using System.Net.Http.Json;
using System.Text.Json;

namespace Logbeam.Cli.Tests;

/// <summary><c>logbeam products create|set</c> with the upload rules, against the real server.</summary>
public sealed class ProductRulesCommandTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private CliRun Cli => new(server.BaseAddress, LogbeamServer.AdminKey);

    [Fact]
    public async Task ProductsSet_ChangesTheRules_AndWarnsWhenCertificateKeyHmacIsOn()
    {
        var productId = await server.CreateProductAsync();

        var allowed = await Cli.RunAsync("products", "set", productId, "--allow-certificate-key-hmac", "on", "--legacy-uploads", "off");
        var afterAllow = await RulesAsync(productId);
        var list = await Cli.RunAsync("products", "list");
        var disallowed = await Cli.RunAsync("products", "set", productId, "--allow-certificate-key-hmac", "off");

        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal($"{productId}: certificate-key HMAC on, legacy uploads off.", allowed.Output.Trim());
        Assert.Contains("anyone holding one can upload as that device", allowed.Error, StringComparison.Ordinal);
        Assert.Equal((true, false), afterAllow);
        Assert.Matches($@"{productId}\s+Test product\s+DEBUG\s+on\s+off", list.Output);
        Assert.True(disallowed.ExitCode == 0, disallowed.ToString());
        Assert.Equal($"{productId}: certificate-key HMAC off, legacy uploads off.", disallowed.Output.Trim());
        Assert.Empty(disallowed.Error);
        Assert.Equal((false, false), await RulesAsync(productId));
    }

    [Fact]
    public async Task ProductsCreate_WithRules_KeepsThem_AndJsonShowsThem()
    {
        var productId = "C" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();

        var created = await Cli.RunAsync("products", "create", productId, "--allow-certificate-key-hmac", "on", "--legacy-uploads", "off", "--json");

        Assert.True(created.ExitCode == 0, created.ToString());
        var product = JsonDocument.Parse(created.Output).RootElement;
        Assert.True(product.GetProperty("allowCertificateKeyHmac").GetBoolean());
        Assert.False(product.GetProperty("legacyUploads").GetBoolean());
        Assert.Contains("warning:", created.Error, StringComparison.Ordinal);
        Assert.Equal((true, false), await RulesAsync(productId));
    }

    [Fact]
    public async Task ProductsCreate_WithoutRules_HasTheDefaults_AndNoWarning()
    {
        var productId = "C" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();

        var created = await Cli.RunAsync("products", "create", productId);

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Empty(created.Error);
        Assert.Equal((false, true), await RulesAsync(productId));
    }

    [Theory]
    [InlineData("products", "set", "{0}")]
    [InlineData("products", "set", "{0}", "--legacy-uploads", "maybe")]
    [InlineData("products", "create", "{0}X", "--allow-certificate-key-hmac", "yes please")]
    public async Task ARuleMissingOrNotOnOrOff_IsAUsageError_AndChangesNothing(params string[] args)
    {
        var productId = await server.CreateProductAsync();

        var result = await Cli.RunAsync([.. args.Select(a => string.Format(System.Globalization.CultureInfo.InvariantCulture, a, productId))]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("on", result.Error, StringComparison.Ordinal);
        Assert.Equal((false, true), await RulesAsync(productId));
        using var missing = await server.Admin.GetAsync($"/api/v1/products/{productId}X");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ProductsSet_OfAnUnknownProduct_IsNotFound()
    {
        var result = await Cli.RunAsync("products", "set", "NOSUCHPRODUCT", "--legacy-uploads", "off");

        Assert.Equal(5, result.ExitCode);
        Assert.Equal("error: Product 'NOSUCHPRODUCT' does not exist.", result.Error.Trim());
    }

    private async Task<(bool AllowCertificateKeyHmac, bool LegacyUploads)> RulesAsync(string productId)
    {
        var product = await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}");
        return (product.GetProperty("allowCertificateKeyHmac").GetBoolean(), product.GetProperty("legacyUploads").GetBoolean());
    }
}
