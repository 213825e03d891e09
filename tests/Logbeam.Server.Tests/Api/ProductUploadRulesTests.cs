using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary>A product's upload rules (<c>allowCertificateKeyHmac</c>, <c>legacyUploads</c>) in the REST API.</summary>
public sealed class ProductUploadRulesTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task NewProduct_HasCertificateKeyHmacOff_AndLegacyUploadsOn_InGetAndList()
    {
        var productId = await server.CreateProductAsync();

        var product = await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}");
        var listed = (await server.Admin.GetFromJsonAsync<JsonElement>("/api/v1/products"))
            .EnumerateArray().Single(p => p.GetProperty("productId").GetString() == productId);

        foreach (var shown in new[] { product, listed })
        {
            Assert.False(shown.GetProperty("allowCertificateKeyHmac").GetBoolean());
            Assert.True(shown.GetProperty("legacyUploads").GetBoolean());
        }
    }

    [Fact]
    public async Task RulesGivenAtCreation_AreKept_AndPatchChangesOnlyTheMembersGiven()
    {
        var productId = NewProductId();
        using var created = await server.Admin.PostAsJsonAsync(
            "/api/v1/products", new { productId, allowCertificateKeyHmac = true, legacyUploads = false });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var answer = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((true, false), Rules(answer));

        Assert.Equal((true, true), Rules(await server.SetUploadRulesAsync(productId, legacyUploads: true)));
        Assert.Equal((false, true), Rules(await server.SetUploadRulesAsync(productId, allowCertificateKeyHmac: false)));
        Assert.Equal((false, true), Rules(await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}")));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"allowCertificateKeyHmac":null}""")]
    [InlineData("""{"legacyUploads":"no"}""")]
    public async Task Patch_WithoutARule_OrNotABoolean_Is400_AndChangesNothing(string body)
    {
        var productId = await server.CreateProductAsync();

        using var response = await server.Admin.PatchAsync(
            $"/api/v1/products/{productId}", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((false, true), Rules(await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}")));
    }

    [Fact]
    public async Task Patch_OfAnUnknownProduct_Is404Problem()
    {
        using var response = await server.Admin.PatchAsJsonAsync("/api/v1/products/NOSUCHPROD", new { legacyUploads = false });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Patch_WithoutTheAdminKey_Is401()
    {
        var productId = await server.CreateProductAsync();

        using var response = await server.Device.PatchAsJsonAsync($"/api/v1/products/{productId}", new { allowCertificateKeyHmac = true });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal((false, true), Rules(await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}")));
    }

    private static (bool AllowCertificateKeyHmac, bool LegacyUploads) Rules(JsonElement product) =>
        (product.GetProperty("allowCertificateKeyHmac").GetBoolean(), product.GetProperty("legacyUploads").GetBoolean());

    private static string NewProductId() => "R" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();
}
