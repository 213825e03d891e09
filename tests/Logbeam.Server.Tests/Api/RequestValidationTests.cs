using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary>
/// Bad input to the management API gets a 400 problem that says what was wrong, and changes nothing: request bodies
/// are read strictly, names are validated whole, log filters refuse what no store or header can take.
/// </summary>
public sealed class RequestValidationTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Theory]
    [InlineData("""{"logLevl":1}""", "logLevl")]
    [InlineData("""{}""", "level")]
    [InlineData("""{"level":1,"expiresAt":null,"extra":true}""", "extra")]
    public async Task DeviceLevel_UnknownOrMissingMember_Is400NamingIt_AndTheLevelStays(string body, string member)
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "d");
        var path = $"/api/v1/products/{productId}/devices/d";
        (await server.Admin.PutAsJsonAsync(path + "/log-level", new { level = 2 })).EnsureSuccessStatusCode();

        using var response = await PutJsonAsync(path + "/log-level", body);

        await AssertProblemNamingAsync(response, member);
        var device = await server.Admin.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal(2, device.GetProperty("logLevel").GetInt32());
    }

    [Fact]
    public async Task DeviceLevel_ExplicitNull_StillClearsTheLevel()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "d");
        var path = $"/api/v1/products/{productId}/devices/d";
        (await server.Admin.PutAsJsonAsync(path + "/log-level", new { level = 2 })).EnsureSuccessStatusCode();

        using var response = await PutJsonAsync(path + "/log-level", """{"level":null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var device = await server.Admin.GetFromJsonAsync<JsonElement>(path);
        Assert.Equal(JsonValueKind.Null, device.GetProperty("logLevel").ValueKind);
    }

    [Fact]
    public async Task ProductDefaultLevel_MissingLevel_Is400_AndTheDefaultStays()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 3);

        using var response = await PutJsonAsync($"/api/v1/products/{productId}/log-level", """{"logLevel":1}""");

        await AssertProblemNamingAsync(response, "logLevel");
        var product = await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}");
        Assert.Equal(3, product.GetProperty("defaultLogLevel").GetInt32());
    }

    [Fact]
    public async Task CreateProduct_UnknownMember_Is400NamingIt_AndNothingIsCreated()
    {
        var productId = "P" + Guid.NewGuid().ToString("N")[..9];

        using var response = await PostJsonAsync("/api/v1/products", $$"""{"productId":"{{productId}}","defaultLevel":4}""");

        await AssertProblemNamingAsync(response, "defaultLevel");
        Assert.Equal(HttpStatusCode.NotFound, (await server.Admin.GetAsync($"/api/v1/products/{productId}")).StatusCode);
    }

    [Fact]
    public async Task RotateKey_EmptyBody_IsAccepted_WithTheDefaultOverlap()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "d");

        using var response = await PostJsonAsync($"/api/v1/products/{productId}/devices/d/rotate-key", "{}");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        var expiresAt = JsonDocument.Parse(body).RootElement.GetProperty("device").GetProperty("previousKey").GetProperty("expiresAt").GetDateTimeOffset();
        Assert.InRange(expiresAt, DateTimeOffset.UtcNow.AddHours(23.9), DateTimeOffset.UtcNow.AddHours(24.1));
    }

    [Fact]
    public async Task CreateDevice_MissingDeviceName_Is400NamingIt()
    {
        var productId = await server.CreateProductAsync();

        using var response = await PostJsonAsync($"/api/v1/products/{productId}/devices", """{"authMode":"key"}""");

        await AssertProblemNamingAsync(response, "deviceName");
        Assert.Empty((await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}/devices")).EnumerateArray());
    }

    [Theory]
    [InlineData("nl2\n")]
    [InlineData("nl2\r\n")]
    [InlineData(".")]
    [InlineData("..")]
    public async Task CreateDevice_NameNotValidWhole_Is400_AndNoDeviceExists(string deviceName)
    {
        var productId = await server.CreateProductAsync();

        using var response = await server.Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices", new { deviceName });

        await AssertProblemNamingAsync(response, "deviceName");
        Assert.Empty((await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}/devices")).EnumerateArray());
    }

    [Fact]
    public async Task CreateDevice_NamesWithDotsThatAreNotPathSegments_AreStillAccepted()
    {
        var productId = await server.CreateProductAsync();

        using var response = await server.Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices", new { deviceName = "..." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task CreateProduct_IdEndingInNewline_Is400_AndNothingIsCreated()
    {
        var productId = "P" + Guid.NewGuid().ToString("N")[..9];

        using var response = await server.Admin.PostAsJsonAsync("/api/v1/products", new { productId = productId + "\n", name = "x" });

        await AssertProblemNamingAsync(response, "productId");
        var products = await server.Admin.GetFromJsonAsync<JsonElement>("/api/v1/products");
        Assert.DoesNotContain(products.EnumerateArray(), p => p.GetProperty("productId").GetString()!.StartsWith(productId, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/api/v1/logs?q=%00", "q")]
    [InlineData("/api/v1/logs?q=disk%00full", "q")]
    [InlineData("/api/v1/logs?productId=A%0AB", "productId")]
    [InlineData("/api/v1/logs/export?productId=A%0D%0AX:1", "productId")]
    [InlineData("/api/v1/logs/export?productId=A&deviceName=d%0D%0AX:1", "deviceName")]
    [InlineData("/api/v1/logs/stream?q=%00", "q")]
    public async Task LogFilters_WithControlCharacters_Are400(string query, string parameter)
    {
        using var response = await server.Admin.GetAsync(query);

        await AssertProblemNamingAsync(response, parameter);
    }

    [Fact]
    public async Task Export_FileNameHoldsOnlyNameCharacters()
    {
        using var response = await server.Admin.GetAsync("/api/v1/logs/export?productId=A%22B%3B%20x");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fileName = response.Content.Headers.ContentDisposition?.FileName;
        Assert.NotNull(fileName);
        Assert.StartsWith("logbeam-A_B__x-", fileName.Trim('"'), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedQueryParameter_Is400ProblemNamingIt()
    {
        var productId = await server.CreateProductAsync();

        using var response = await server.Admin.GetAsync($"/api/v1/products/{productId}/stats?minutes=abc");

        await AssertProblemNamingAsync(response, "minutes");
    }

    private Task<HttpResponseMessage> PutJsonAsync(string path, string json) =>
        server.Admin.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private Task<HttpResponseMessage> PostJsonAsync(string path, string json) =>
        server.Admin.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static Task AssertProblemNamingAsync(HttpResponseMessage response, string member) =>
        ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, member);
}
