using System.Net.Http.Json;
using System.Text.Json;

namespace Logbeam.Cli.Tests;

/// <summary>
/// <c>logbeam level set</c>: device levels with and without expiry, product defaults, and the push over MQTT. Against a
/// server that refuses the request names of earlier releases, so the tool is seen to send the current ones.
/// </summary>
public sealed class LevelCommandTests(CurrentNamesServer server) : IClassFixture<CurrentNamesServer>
{
    private CliRun Cli => new(server.BaseAddress, LogbeamServer.AdminKey);

    [Fact]
    public async Task DeviceLevel_ForAnHour_IsPushedToTheConnectedDevice_AndExpires()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var psk = await server.CreateKeyDeviceAsync(productId, "boiler");
        await using var device = await TestDevice.ConnectAsync(productId, "boiler", SdkCredentials.C(productId, "boiler", psk), server.MqttPort);

        var result = await Cli.RunAsync("level", "set", $"{productId}/boiler", "debug", "--for", "1h");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{productId}/boiler: level DEBUG until ", result.Output, StringComparison.Ordinal);
        Assert.Contains("the device is online and was told now", result.Output, StringComparison.Ordinal);
        Assert.Equal(4, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));
        var shown = await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}/devices/boiler");
        Assert.InRange(shown.GetProperty("levelExpiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(59), DateTimeOffset.UtcNow.AddMinutes(61));
    }

    [Fact]
    public async Task DeviceLevel_Default_ClearsItsOwnLevel()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 2);
        await server.CreateKeyDeviceAsync(productId, "d");
        await Cli.RunAsync("level", "set", $"{productId}/d", "info");

        var cleared = await Cli.RunAsync("level", "set", $"{productId}/d", "default", "--json");

        var device = JsonDocument.Parse(cleared.Output).RootElement;
        Assert.Equal(JsonValueKind.Null, device.GetProperty("logLevel").ValueKind);
        Assert.Equal(2, device.GetProperty("effectiveLogLevel").GetInt32());
    }

    [Fact]
    public async Task ProductLevel_SetsTheDefault()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);

        var result = await Cli.RunAsync("level", "set", productId, "3");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"{productId}: default level INFO", result.Output, StringComparison.Ordinal);
        var product = await server.Admin.GetFromJsonAsync<JsonElement>($"/api/v1/products/{productId}");
        Assert.Equal(3, product.GetProperty("defaultLogLevel").GetInt32());
    }

    [Theory]
    [InlineData("loud", "", "'loud' is not a level")]
    [InlineData("debug", "--for=soon", "--for 'soon' is not a duration")]
    [InlineData("debug", "--for=1h", "A product default does not expire")]
    public async Task BadInput_IsAUsageError_ThatSaysWhy(string level, string extra, string message)
    {
        var productId = await server.CreateProductAsync();
        await server.CreateKeyDeviceAsync(productId, "d");
        var target = message.StartsWith("A product", StringComparison.Ordinal) ? productId : $"{productId}/d";

        var result = await Cli.RunAsync(["level", "set", target, level, .. extra.Length > 0 ? new[] { extra } : []]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }
}
