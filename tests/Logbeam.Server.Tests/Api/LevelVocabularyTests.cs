using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;

namespace Logbeam.Server.Tests.Api;

/// <summary>
/// Requests name a level as answers do (a device's logLevel and levelExpiresAt, a product's defaultLogLevel), take it
/// as a number or a name, and still accept the old request names for one release, but not both at once.
/// </summary>
public sealed class LevelVocabularyTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Fact]
    public async Task DeviceLevel_NewNames_AreTheAnswersNames()
    {
        var path = await NewDeviceAsync();
        var expiresAt = DateTimeOffset.UtcNow.AddHours(1);

        using var response = await server.Admin.PutAsJsonAsync(path + "/log-level", new { logLevel = 4, levelExpiresAt = expiresAt });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var device = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, device.GetProperty("logLevel").GetInt32());
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), device.GetProperty("levelExpiresAt").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData("\"debug\"", 4)]
    [InlineData("\"DBG\"", 4)]
    [InlineData("\"4\"", 4)]
    [InlineData("\"Warn\"", 2)]
    [InlineData("\" error \"", 1)]
    [InlineData("0", 0)]
    public async Task DeviceLevel_NumberOrName_IsAccepted(string json, int expected)
    {
        var path = await NewDeviceAsync();

        using var response = await PutJsonAsync(path + "/log-level", $$"""{"logLevel":{{json}}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, (await DeviceAsync(path)).GetProperty("logLevel").GetInt32());
    }

    [Fact]
    public async Task DeviceLevel_NewNameNull_ClearsTheLevel()
    {
        var path = await NewDeviceAsync();
        (await PutJsonAsync(path + "/log-level", """{"logLevel":"info"}""")).EnsureSuccessStatusCode();

        using var response = await PutJsonAsync(path + "/log-level", """{"logLevel":null}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await DeviceAsync(path)).GetProperty("logLevel").ValueKind);
    }

    [Fact]
    public async Task DeviceLevel_OldNames_StillWork_NameIncluded()
    {
        var path = await NewDeviceAsync();
        var expiresAt = DateTimeOffset.UtcNow.AddHours(1);

        using var response = await server.Admin.PutAsJsonAsync(path + "/log-level", new { level = "dbg", expiresAt });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var device = await DeviceAsync(path);
        Assert.Equal(4, device.GetProperty("logLevel").GetInt32());
        Assert.Equal(JsonValueKind.String, device.GetProperty("levelExpiresAt").ValueKind);
    }

    [Theory]
    [InlineData("""{"logLevel":3,"level":3}""", "level")]
    [InlineData("""{"logLevel":null,"level":null}""", "level")]
    [InlineData("""{"logLevel":3,"levelExpiresAt":"2099-01-01T00:00:00Z","expiresAt":"2099-01-01T00:00:00Z"}""", "expiresAt")]
    [InlineData("""{"logLevel":"verbose"}""", "logLevel")]
    [InlineData("""{"level":9}""", "level")]
    [InlineData("""{"logLevel":true}""", "logLevel")]
    [InlineData("""{"logLevel":{"x":1}}""", "logLevel")]
    [InlineData("""{"levelExpiresAt":"2099-01-01T00:00:00Z"}""", "logLevel")]
    public async Task DeviceLevel_BothNamesOrNoLevel_Is400_AndTheLevelStays(string body, string mentions)
    {
        var path = await NewDeviceAsync();
        (await PutJsonAsync(path + "/log-level", """{"logLevel":2}""")).EnsureSuccessStatusCode();

        using var response = await PutJsonAsync(path + "/log-level", body);

        await AssertProblemAsync(response, mentions);
        var device = await DeviceAsync(path);
        Assert.Equal(2, device.GetProperty("logLevel").GetInt32());
        Assert.Equal(JsonValueKind.Null, device.GetProperty("levelExpiresAt").ValueKind);
    }

    [Theory]
    [InlineData("""{"defaultLogLevel":"error"}""", 1)]
    [InlineData("""{"defaultLogLevel":"INF"}""", 3)]
    [InlineData("""{"defaultLogLevel":0}""", 0)]
    [InlineData("""{"level":"debug"}""", 4)]
    [InlineData("""{"level":2,"expiresAt":null}""", 2)]
    public async Task ProductLevel_NewOrOldName_NumberOrName_IsAccepted(string body, int expected)
    {
        var productId = await server.CreateProductAsync(defaultLevel: 3);

        using var response = await PutJsonAsync($"/api/v1/products/{productId}/log-level", body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, (await ProductAsync(productId)).GetProperty("defaultLogLevel").GetInt32());
    }

    [Theory]
    [InlineData("""{"defaultLogLevel":1,"level":1}""", "level")]
    [InlineData("""{"defaultLogLevel":null}""", "defaultLogLevel")]
    [InlineData("""{"defaultLogLevel":"loud"}""", "defaultLogLevel")]
    [InlineData("""{"level":1,"expiresAt":"2099-01-01T00:00:00Z"}""", "does not expire")]
    [InlineData("""{}""", "defaultLogLevel")]
    public async Task ProductLevel_BothNamesOrNoLevel_Is400_AndTheDefaultStays(string body, string mentions)
    {
        var productId = await server.CreateProductAsync(defaultLevel: 3);

        using var response = await PutJsonAsync($"/api/v1/products/{productId}/log-level", body);

        await AssertProblemAsync(response, mentions);
        Assert.Equal(3, (await ProductAsync(productId)).GetProperty("defaultLogLevel").GetInt32());
    }

    [Theory]
    [InlineData("\"warn\"", 2)]
    [InlineData("\"dbg\"", 4)]
    [InlineData("1", 1)]
    [InlineData("null", 0)]
    public async Task CreateProduct_DefaultLevelAsNumberOrName_IsAccepted(string json, int expected)
    {
        var productId = "P" + Guid.NewGuid().ToString("N")[..9];

        using var response = await server.Admin.PostAsync(
            "/api/v1/products", new StringContent($$"""{"productId":"{{productId}}","defaultLogLevel":{{json}}}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(expected, (await ProductAsync(productId)).GetProperty("defaultLogLevel").GetInt32());
    }

    [Fact]
    public async Task CreateProduct_DefaultLevelThatIsNoLevel_Is400_AndNothingIsCreated()
    {
        var productId = "P" + Guid.NewGuid().ToString("N")[..9];

        using var response = await server.Admin.PostAsync(
            "/api/v1/products", new StringContent($$"""{"productId":"{{productId}}","defaultLogLevel":"chatty"}""", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, "defaultLogLevel");
        Assert.Equal(HttpStatusCode.NotFound, (await server.Admin.GetAsync($"/api/v1/products/{productId}")).StatusCode);
    }

    private async Task<string> NewDeviceAsync()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "d");
        return $"/api/v1/products/{productId}/devices/d";
    }

    private Task<JsonElement> DeviceAsync(string path) => server.Admin.GetFromJsonAsync<JsonElement>(path);

    private Task<JsonElement> ProductAsync(string productId) => server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}");

    private Task<HttpResponseMessage> PutJsonAsync(string path, string json) =>
        server.Admin.PutAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

    private static Task AssertProblemAsync(HttpResponseMessage response, string mentions) =>
        ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest, mentions);
}

/// <summary>With <c>Api:AcceptDeprecatedNames</c> false, the old request names are refused, naming the current ones.</summary>
public sealed class DeprecatedNamesOffTests(CurrentNamesServer server) : IClassFixture<CurrentNamesServer>
{
    [Theory]
    [InlineData("/devices/d/log-level", """{"level":3}""", "use logLevel")]
    [InlineData("/devices/d/log-level", """{"logLevel":3,"expiresAt":"2099-01-01T00:00:00Z"}""", "use levelExpiresAt")]
    [InlineData("/log-level", """{"level":3}""", "use defaultLogLevel")]
    public async Task OldName_Is400NamingTheCurrentOne(string path, string body, string mentions)
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "d");

        using var response = await server.Admin.PutAsync(
            $"/api/v1/products/{productId}{path}", new StringContent(body, Encoding.UTF8, "application/json"));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains(mentions, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CurrentNames_AreAccepted()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "d");

        (await server.Admin.PutAsJsonAsync($"/api/v1/products/{productId}/log-level", new { defaultLogLevel = "warn" })).EnsureSuccessStatusCode();
        (await server.Admin.PutAsJsonAsync($"/api/v1/products/{productId}/devices/d/log-level", new { logLevel = "debug", levelExpiresAt = (DateTimeOffset?)null }))
            .EnsureSuccessStatusCode();
    }
}
