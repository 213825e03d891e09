using System.CommandLine;
using System.Text.Json;
using Logbeam.Cli.Commands;
using Logbeam.Device.Tests.Infrastructure;

namespace Logbeam.Device.Tests;

/// <summary><c>logbeam simulate</c> against a real platform: devices are created, connect, and their lines arrive.</summary>
public sealed class SimulateCommandTests(LogbeamServer server) : IClassFixture<LogbeamServer>, IDisposable
{
    private readonly string _directory = TempDirectory.Create("logbeam-simulate");

    [Fact]
    public async Task Simulate_WithCreate_RegistersTheFleet_AndItsLinesArrive()
    {
        var productId = "SIM" + Guid.NewGuid().ToString("N")[..7].ToUpperInvariant();
        var credentials = Path.Combine(_directory, "devices.json");
        var root = new RootCommand { SimulateCommand.Create() };

        var exitCode = await root.Parse(
        [
            "simulate", "--server", server.BaseAddress.ToString(), "--mqtt", $"mqtt://127.0.0.1:{server.MqttPort}",
            "--product", productId, "--devices", "3", "--rate", "20", "--duration", "3s",
            "--create", "--api-key", LogbeamServer.AdminKey, "--level", "4", "--credentials", credentials,
        ]).InvokeAsync();

        Assert.Equal(0, exitCode);
        var saved = JsonDocument.Parse(await File.ReadAllTextAsync(credentials)).RootElement;
        Assert.Equal(3, saved.GetArrayLength());
        for (var i = 0; i < 3; i++)
        {
            var lines = await TestDevices.StoredAsync(server.Admin, productId, $"sim-{i:D4}");
            Assert.True(lines.Count > 5, $"sim-{i:D4} stored only {lines.Count} lines");
            Assert.Contains(lines, l => l.GetProperty("level").GetInt32() == 4);
        }

        // A second run reuses the saved credentials without --create.
        exitCode = await root.Parse(
        [
            "simulate", "--server", server.BaseAddress.ToString(), "--no-mqtt", "--product", productId,
            "--devices", "1", "--rate", "20", "--duration", "1s", "--credentials", credentials,
        ]).InvokeAsync();
        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Simulate_WithoutCredentials_SaysHowToCreateThem()
    {
        var exitCode = await new RootCommand { SimulateCommand.Create() }.Parse(
        [
            "simulate", "--server", server.BaseAddress.ToString(), "--credentials", Path.Combine(_directory, "missing.json"), "--duration", "1s",
        ]).InvokeAsync();

        Assert.Equal(1, exitCode);
    }

    public void Dispose() => TempDirectory.Delete(_directory);
}
