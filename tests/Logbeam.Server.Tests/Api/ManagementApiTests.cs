using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Logbeam.Server.Tests.Infrastructure;
using Logbeam.Server.Tests.Mqtt;

namespace Logbeam.Server.Tests.Api;

public sealed class ManagementApiTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    [Theory]
    [InlineData(null)]
    [InlineData("Bearer wrong-key")]
    [InlineData("Basic dGVzdA==")]
    public async Task Api_WithoutTheAdminKey_Is401Problem(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/products");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await server.Device.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(LogbeamServer.AdminKey, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Products_CreateListGetAndDefaultLevel()
    {
        var productId = "PRD" + Guid.NewGuid().ToString("N")[..6];
        var created = await server.Admin.PostAsJsonAsync("/api/v1/products", new { productId, name = "Meters", defaultLogLevel = 2 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/products/{productId}", created.Headers.Location?.OriginalString);

        var list = await server.Admin.GetFromJsonAsync<JsonElement>("/api/v1/products");
        Assert.Contains(list.EnumerateArray(), p => p.GetProperty("productId").GetString() == productId && p.GetProperty("name").GetString() == "Meters");

        var changed = await server.Admin.PutAsJsonAsync($"/api/v1/products/{productId}/log-level", new { level = 4 });
        changed.EnsureSuccessStatusCode();
        var product = await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}");
        Assert.Equal(4, product.GetProperty("defaultLogLevel").GetInt32());
    }

    [Theory]
    [InlineData("""{"productId":"has space","name":"x"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"productId":"OK1","name":"x","defaultLogLevel":7}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"name":"no id"}""", HttpStatusCode.BadRequest)]
    [InlineData("""{"productId":""", HttpStatusCode.BadRequest)]
    public async Task Products_BadInput_Is400Problem(string json, HttpStatusCode expected)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await server.Admin.PostAsync("/api/v1/products", content);
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Products_Duplicate_Is409()
    {
        var productId = await server.CreateProductAsync();
        var again = await server.Admin.PostAsJsonAsync("/api/v1/products", new { productId, name = "again" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task Devices_CreateShowsPskOnce_ListAndGetNeverShowIt()
    {
        var productId = await server.CreateProductAsync();
        var response = await server.Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices", new { deviceName = "sensor-7" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        var psk = created.GetProperty("psk").GetString()!;
        Assert.Equal(24, psk.Length);
        Assert.Equal(16, Convert.FromBase64String(psk).Length);
        Assert.Equal(productId + "sensor-7", created.GetProperty("clientId").GetString());
        Assert.Equal("/device/reportlog", created.GetProperty("reportLogPath").GetString());

        var one = await server.Admin.GetStringAsync($"/api/v1/products/{productId}/devices/sensor-7");
        var list = await server.Admin.GetStringAsync($"/api/v1/products/{productId}/devices");
        Assert.DoesNotContain(psk, one, StringComparison.Ordinal);
        Assert.DoesNotContain(psk, list, StringComparison.Ordinal);
        Assert.Contains("sensor-7", list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Devices_BadInput_IsAProblemNamingWhatIsWrong()
    {
        var productId = await server.CreateProductAsync();
        await AssertProblemAsync(
            await server.Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices", new { deviceName = "bad/name" }),
            HttpStatusCode.BadRequest, "deviceName");
        await AssertProblemAsync(
            await server.Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices", new { deviceName = "c", authMode = "cert" }),
            HttpStatusCode.BadRequest, "certificate");
        await AssertProblemAsync(
            await server.Admin.PostAsJsonAsync(
                $"/api/v1/products/{productId}/devices", new { deviceName = "c", authMode = "cert", certificate = "-----BEGIN CERTIFICATE-----\nnot a cert\n-----END CERTIFICATE-----" }),
            HttpStatusCode.BadRequest, null);
        await AssertProblemAsync(
            await server.Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices", new { deviceName = "k", psk = "short" }),
            HttpStatusCode.BadRequest, "psk");
        await AssertProblemAsync(
            await server.Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices", new { deviceName = "m", authMode = "magic" }),
            HttpStatusCode.BadRequest, "authMode");
        await AssertProblemAsync(
            await server.Admin.PostAsJsonAsync("/api/v1/products/NOSUCH/devices", new { deviceName = "x" }),
            HttpStatusCode.NotFound, "NOSUCH");

        await server.CreateKeyDeviceAsync(productId, "twice");
        await AssertProblemAsync(
            await server.Admin.PostAsJsonAsync($"/api/v1/products/{productId}/devices", new { deviceName = "twice" }),
            HttpStatusCode.Conflict, "twice");
    }

    [Fact]
    public async Task Devices_DisableEnableDelete()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "gone");
        var disabled = await (await server.Admin.PostAsync($"/api/v1/products/{productId}/devices/gone/disable", null))
            .Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(disabled.GetProperty("enabled").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await server.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/gone")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await server.Admin.GetAsync($"/api/v1/products/{productId}/devices/gone")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Admin.DeleteAsync($"/api/v1/products/{productId}/devices/gone")).StatusCode);
        var upload = Uploads.Hmac(Uploads.JavaBody(productId, "gone", "ERR after delete"), psk);
        Assert.Equal("ResourceNotFound.DeviceNotExist", await Uploads.SendForCodeAsync(server.Device, upload));

        // The name is free again, with a new key.
        var newPsk = await server.CreateKeyDeviceAsync(productId, "gone");
        Assert.NotEqual(psk, newPsk);
    }

    [Fact]
    public async Task DeviceLevel_OwnLevelOverridesDefault_ExpiryAndClearFallBack()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        await server.CreateKeyDeviceAsync(productId, "lvl");
        var url = $"/api/v1/products/{productId}/devices/lvl";
        Assert.Equal(1, (await server.Admin.GetFromJsonAsync<JsonElement>(url)).GetProperty("effectiveLogLevel").GetInt32());

        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var set = await server.Admin.PutAsJsonAsync(url + "/log-level", new { level = 4, expiresAt });
        set.EnsureSuccessStatusCode();
        var device = await server.Admin.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(4, device.GetProperty("logLevel").GetInt32());
        Assert.Equal(4, device.GetProperty("effectiveLogLevel").GetInt32());

        // The level falls back by itself once it expires: wait for that (by the server's clock), not a guessed time.
        await LevelsApi.EventuallyAsync(
            async () => (await server.Admin.GetFromJsonAsync<JsonElement>(url)).GetProperty("effectiveLogLevel").GetInt32() == 1,
            "the device's own level expires");
        Assert.True(DateTimeOffset.UtcNow >= expiresAt, "the level fell back before it expired");

        (await server.Admin.PutAsJsonAsync(url + "/log-level", new { level = 3 })).EnsureSuccessStatusCode();
        Assert.Equal(3, (await server.Admin.GetFromJsonAsync<JsonElement>(url)).GetProperty("effectiveLogLevel").GetInt32());
        (await server.Admin.PutAsJsonAsync(url + "/log-level", new { level = (int?)null })).EnsureSuccessStatusCode();
        device = await server.Admin.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(JsonValueKind.Null, device.GetProperty("logLevel").ValueKind);
        Assert.Equal(1, device.GetProperty("effectiveLogLevel").GetInt32());
    }

    [Fact]
    public async Task DeviceLevel_BadInput_Is400AndChangesNothing()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 2);
        await server.CreateKeyDeviceAsync(productId, "lvl");
        var url = $"/api/v1/products/{productId}/devices/lvl";

        await AssertProblemAsync(await server.Admin.PutAsJsonAsync(url + "/log-level", new { level = 5 }), HttpStatusCode.BadRequest, "level");
        await AssertProblemAsync(
            await server.Admin.PutAsJsonAsync(url + "/log-level", new { level = 4, expiresAt = DateTimeOffset.UtcNow.AddHours(-1) }),
            HttpStatusCode.BadRequest, "expiresAt");
        await AssertProblemAsync(
            await server.Admin.PutAsJsonAsync($"/api/v1/products/{productId}/devices/nobody/log-level", new { level = 4 }),
            HttpStatusCode.NotFound, "nobody");

        var device = await server.Admin.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(JsonValueKind.Null, device.GetProperty("logLevel").ValueKind);
        Assert.Equal(2, device.GetProperty("effectiveLogLevel").GetInt32());
    }

    [Fact]
    public async Task OpenApiDocument_DescribesTheApi()
    {
        var document = await server.Device.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/products", out _));
        Assert.True(paths.TryGetProperty("/api/v1/logs", out _));
        Assert.True(paths.TryGetProperty("/api/v1/products/{productId}/devices/{deviceName}/log-level", out _));
    }

    [Fact]
    public async Task HealthAndMetrics_Answer()
    {
        Assert.Equal("Healthy", await server.Device.GetStringAsync("/healthz"));
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "m");
        await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.JavaBody(productId, "m", "INF a", "INF b"), psk));
        await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.JavaBody(productId, "m", "INF c"), "AAAAAAAAAAAAAAAAAAAAAA=="));

        var metrics = await server.Device.GetStringAsync("/metrics");

        Assert.Matches(@"logbeam_ingest_requests_total\{endpoint=""reportlog"",outcome=""ok""\} [1-9]", metrics);
        Assert.Matches(@"logbeam_ingest_lines_accepted_total [1-9]", metrics);
        Assert.Matches(@"logbeam_ingest_lines_rejected_total\{reason=""AuthFailure.SignatureFailure""\} [1-9]", metrics);
        Assert.Contains("logbeam_writer_queue_lines", metrics, StringComparison.Ordinal);
        Assert.Contains("logbeam_writer_commit_seconds_count", metrics, StringComparison.Ordinal);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? mentions)
    {
        var problem = await ProblemAssert.IsAsync(response, status, mentions);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
    }
}
