using System.Net.Http.Json;
using System.Text.Json;

namespace Logbeam.Cli.Tests;

/// <summary><c>logbeam products …</c> and <c>logbeam devices …</c> against the real server.</summary>
public sealed class ProductsAndDevicesCommandTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private CliRun Cli => new(server.BaseAddress, LogbeamServer.AdminKey);

    [Fact]
    public async Task ProductsCreate_ThenList_ShowsIt_AsATableAndAsJson()
    {
        var productId = NewProductId();

        var created = await Cli.RunAsync("products", "create", productId, "--name", "Boilers", "--default-level", "warn");
        var table = await Cli.RunAsync("products", "list");
        var json = await Cli.RunAsync("products", "list", "--json");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Contains($"Created product {productId} (default level WARN).", created.Output, StringComparison.Ordinal);
        Assert.Equal(0, table.ExitCode);
        Assert.Matches($@"{productId}\s+Boilers\s+WARN", table.Output);
        var product = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Single(p => p.GetProperty("productId").GetString() == productId);
        Assert.Equal(2, product.GetProperty("defaultLogLevel").GetInt32());
    }

    [Fact]
    public async Task ProductsCreate_Twice_FailsWithTheServersReason()
    {
        var productId = NewProductId();
        await Cli.RunAsync("products", "create", productId);

        var again = await Cli.RunAsync("products", "create", productId);

        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"error: Product '{productId}' exists already.", again.Error.Trim());
        Assert.Empty(again.Output);
    }

    [Fact]
    public async Task DevicesCreate_PrintsThePskOnce_AndTheConnectionSettings()
    {
        var productId = await server.CreateProductAsync();

        var created = await Cli.RunAsync("devices", "create", productId, "sensor-1");
        var json = await Cli.RunAsync("devices", "create", productId, "sensor-2", "--json");

        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Matches(@"PSK\s+\S{20,}", created.Output);
        Assert.Contains($"MQTT client id  {productId}sensor-1", created.Output, StringComparison.Ordinal);
        Assert.Contains(new Uri(server.BaseAddress, "/device/reportlog").ToString(), created.Output, StringComparison.Ordinal);
        Assert.Contains("not shown again", created.Output, StringComparison.Ordinal);
        var answer = JsonDocument.Parse(json.Output).RootElement;
        Assert.False(string.IsNullOrEmpty(answer.GetProperty("psk").GetString()));
        Assert.Equal("sensor-2", answer.GetProperty("device").GetProperty("deviceName").GetString());
    }

    [Fact]
    public async Task DevicesCreate_WithAnImportedPsk_KeepsIt()
    {
        var productId = await server.CreateProductAsync();

        var created = await Cli.RunAsync("devices", "create", productId, "imported", "--psk", "c2VjcmV0LXBzay0xMjM0NQ==", "--json");

        Assert.Equal("c2VjcmV0LXBzay0xMjM0NQ==", JsonDocument.Parse(created.Output).RootElement.GetProperty("psk").GetString());
    }

    [Fact]
    public async Task DevicesList_ShowsStateLevelAndTodaysCounts_AndSearchNarrowsIt()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 3);
        var psk = await server.CreateKeyDeviceAsync(productId, "pump-1");
        await server.CreateKeyDeviceAsync(productId, "valve-7");
        Assert.Null(await Uploads.SendForCodeAsync(server.Device,
            Uploads.Hmac(Uploads.CBody(productId, "pump-1", "ERR stalled", "WRN slow", "WRN slow again", "INF ok"), psk)));

        var list = await Cli.RunAsync("devices", "list", productId);
        var searched = await Cli.RunAsync("devices", "list", productId, "--search", "VALVE");
        var json = await Cli.RunAsync("devices", "list", productId, "--json");

        Assert.True(list.ExitCode == 0, list.ToString());
        // An upload is a contact: the device was seen, even though it never connected over MQTT.
        Assert.Matches(@"pump-1\s+offline\s+just now\s+INFO \(product default\)\s+-\s+0\s+1\s+2\s+1\s+0", list.Output);
        Assert.Matches(@"valve-7\s+offline\s+never\s+INFO \(product default\)\s+-\s+0\s+0\s+0\s+0\s+0", list.Output);
        Assert.DoesNotContain("pump-1", searched.Output, StringComparison.Ordinal);
        Assert.Contains("valve-7", searched.Output, StringComparison.Ordinal);
        var pump = JsonDocument.Parse(json.Output).RootElement.EnumerateArray().Single(d => d.GetProperty("deviceName").GetString() == "pump-1");
        Assert.Equal(2, pump.GetProperty("lines24h").GetProperty("warn").GetInt64());
    }

    [Fact]
    public async Task DevicesShow_NamesTheRefusalsTheClockAndTheLastUpload_AndTheListCountsTheRefusals()
    {
        var productId = await server.CreateProductAsync();
        var psk = await server.CreateKeyDeviceAsync(productId, "late");
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, "late", "INF on time"), psk)));
        Assert.Equal("AuthFailure.SignatureExpire", await Uploads.SendForCodeAsync(server.Device,
            Uploads.Hmac(Uploads.CBody(productId, "late", "INF late"), psk, timestamp: Uploads.Now() - 7230)));

        var shown = await Cli.RunAsync("devices", "show", $"{productId}/late");
        var list = await Cli.RunAsync("devices", "list", productId);

        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Matches(@"Last upload\s+just now", shown.Output);
        Assert.Matches(@"Clock\s+2 h behind, measured just now; has not asked for the time", shown.Output);
        Assert.Matches(@"Refused \(24 h\)\s+1 × AuthFailure\.SignatureExpire, last just now: X-TC-Timestamp 2 h behind", shown.Output);
        Assert.Matches(@"late\s+offline\s+just now\s+DEBUG \(product default\)\s+-\s+1\s", list.Output);
    }

    [Fact]
    public async Task DevicesShow_DisableEnable_AndDelete()
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "d1");
        var device = $"{productId}/d1";

        var shown = await Cli.RunAsync("devices", "show", device);
        var disabled = await Cli.RunAsync("devices", "disable", device);
        var whileDisabled = await Cli.RunAsync("devices", "show", device, "--json");
        var enabled = await Cli.RunAsync("devices", "enable", device);
        var refused = await Cli.RunAsync("devices", "delete", device);
        var deleted = await Cli.RunAsync("devices", "delete", device, "--yes");
        var gone = await Cli.RunAsync("devices", "show", device);

        Assert.Matches(@"State\s+offline", shown.Output);
        Assert.Matches(@"Authentication\s+key \(PSK\)", shown.Output);
        Assert.Equal((0, $"{device} is disabled."), (disabled.ExitCode, disabled.Output.Trim()));
        Assert.False(JsonDocument.Parse(whileDisabled.Output).RootElement.GetProperty("enabled").GetBoolean());
        Assert.Equal((0, $"{device} is enabled."), (enabled.ExitCode, enabled.Output.Trim()));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("add --yes", refused.Error, StringComparison.Ordinal);
        Assert.Equal((0, $"Deleted {device}."), (deleted.ExitCode, deleted.Output.Trim()));
        Assert.Equal(5, gone.ExitCode);
        Assert.Equal($"error: Device '{device}' does not exist.", gone.Error.Trim());
        using var response = await server.Admin.GetAsync($"/api/v1/products/{productId}/devices/d1");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task DevicesList_OfAnUnknownProduct_IsNotFound()
    {
        var result = await Cli.RunAsync("devices", "list", "NOSUCHPRODUCT");

        Assert.Equal(5, result.ExitCode);
        Assert.Equal("error: Product 'NOSUCHPRODUCT' does not exist.", result.Error.Trim());
    }

    [Theory]
    [InlineData("devices", "show", "justaproduct")]
    [InlineData("devices", "disable", "P/")]
    public async Task ADeviceArgumentWithoutADevice_IsAUsageError(params string[] args)
    {
        var result = await Cli.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("<product>/<device>", result.Error, StringComparison.Ordinal);
    }

    private static string NewProductId() => "C" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();
}
