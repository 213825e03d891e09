using System.Text.Json;

namespace Logbeam.Cli.Tests;

/// <summary><c>logbeam logs query</c> and <c>logbeam logs tail</c>.</summary>
public sealed class LogsCommandTests(LogbeamServer server) : IClassFixture<LogbeamServer>
{
    private CliRun Cli => new(server.BaseAddress, LogbeamServer.AdminKey);

    [Fact]
    public async Task Query_PrintsOldestFirst_WithLevelDeviceTagAndText()
    {
        var (productId, psk) = await DeviceAsync("meter");
        await UploadAsync(productId, "meter", psk, "INF|2026-01-01 10:00:00|boot|started", "ERR|2026-01-01 10:00:01|adc|read failed");

        var result = await Cli.RunAsync("logs", "query", $"{productId}/meter");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}Z INF meter boot: started$", lines[0]);
        Assert.Matches(@"^\S+ \S+ ERR meter adc: read failed$", lines[1]);
    }

    [Fact]
    public async Task Query_OfADevice_PrintsItsGapsDropsAndRestarts_AmongItsLines_WhereTheyHappened()
    {
        var (productId, psk) = await DeviceAsync("counted");
        await NumberedAsync(productId, psk, "\"BootId\":\"b1\",\"FirstLine\":1", "INF one", "INF two");
        await NumberedAsync(productId, psk, "\"BootId\":\"b1\",\"FirstLine\":6,\"Dropped\":{\"BufferFull\":312}", "INF six");
        await NumberedAsync(productId, psk, "\"BootId\":\"b2\",\"FirstLine\":1", "INF again");

        var result = await Cli.RunAsync("logs", "query", $"{productId}/counted");
        var json = await Cli.RunAsync("logs", "query", $"{productId}/counted", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ', 3)[2]).ToList();
        Assert.Equal(
            [
                "counted one", "counted two",
                "⚠ lines 3–5 never arrived", "⚠ 312 lines dropped on the device (buffer full)", "counted six",
                "↻ device restarted", "counted again",
            ],
            lines.Select(l => l.StartsWith("INF ", StringComparison.Ordinal) ? l[4..] : l));
        Assert.Equal(4, json.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // --json: the lines only
    }

    [Fact]
    public async Task Query_Level_Grep_Since_AndLimit_Narrow()
    {
        var (productId, psk) = await DeviceAsync("m");
        await UploadAsync(productId, "m", psk, "ERR disk full", "WRN disk slow", "INF disk fine", "DBG disk poll", "ERR fan stuck");

        var warnAndWorse = await Texts("logs", "query", productId, "--level", "warn");
        var aboutDisk = await Texts("logs", "query", productId, "--grep", "disk", "--level", "error");
        var newestTwo = await Texts("logs", "query", productId, "-n", "2");
        var recent = await Texts("logs", "query", productId, "--since", "10m", "--level", "error");
        var future = await Texts("logs", "query", productId, "--since", DateTimeOffset.UtcNow.AddHours(1).ToString("O"));

        Assert.Equal(["disk full", "disk slow", "fan stuck"], warnAndWorse);
        Assert.Equal(["disk full"], aboutDisk);
        Assert.Equal(["disk poll", "fan stuck"], newestTwo);
        Assert.Equal(["disk full", "fan stuck"], recent);
        Assert.Empty(future);
    }

    [Fact]
    public async Task Query_PagesPastTheApisPageSize()
    {
        var (productId, psk) = await DeviceAsync("bulk");
        await UploadAsync(productId, "bulk", psk, [.. Enumerable.Range(0, 1500).Select(i => $"INF n{i}")]);

        var texts = await Texts("logs", "query", productId, "--limit", "1200");

        Assert.Equal(1200, texts.Count);
        Assert.Equal("n300", texts[0]);
        Assert.Equal("n1499", texts[^1]);
    }

    [Fact]
    public async Task Query_NothingMatches_SaysSoOnStderr_AndSucceeds()
    {
        var (productId, _) = await DeviceAsync("quiet");

        var result = await Cli.RunAsync("logs", "query", productId);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Output);
        Assert.Contains($"No lines of {productId} match.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--since", "yesterday-ish", "--since 'yesterday-ish' is neither a time")]
    [InlineData("--level", "loud", "--level 'loud' is not a level")]
    public async Task Query_BadOptions_AreUsageErrors(string option, string value, string message)
    {
        var result = await Cli.RunAsync("logs", "query", "ANY", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tail_PrintsNewLinesAsTheyArrive_FilteredByLevel_AndStopsOnCtrlCWith130()
    {
        var (productId, psk) = await DeviceAsync("live");
        await UploadAsync(productId, "live", psk, "ERR old, not shown");
        await using var tail = Cli.StartLong("logs", "tail", $"{productId}/live", "--level", "warn");
        tail.WaitFor("Following"); // said once the server has answered: its starting point is fixed

        await UploadAsync(productId, "live", psk, "DBG too chatty", "WRN|2026-01-01 10:00:00|net|link flapping");
        var line = tail.WaitFor("link flapping");
        var exit = await tail.InterruptAsync();

        Assert.Matches(@"WRN live net: link flapping$", line);
        Assert.DoesNotContain("too chatty", tail.Everything, StringComparison.Ordinal);
        Assert.DoesNotContain("old, not shown", tail.Everything, StringComparison.Ordinal);
        Assert.Equal(130, exit); // interrupted, as shells report Ctrl-C
        Assert.DoesNotContain("error", tail.Everything, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Tail_OfADevice_PrintsAGapBeforeTheLinesOfTheUploadThatShowedIt()
    {
        var (productId, psk) = await DeviceAsync("counted");
        await using var tail = Cli.StartLong("logs", "tail", $"{productId}/counted");
        tail.WaitFor("Following");

        await NumberedAsync(productId, psk, "\"BootId\":\"b1\",\"FirstLine\":1", "INF first");
        tail.WaitFor("first");
        await NumberedAsync(productId, psk, "\"BootId\":\"b1\",\"FirstLine\":5,\"Dropped\":{\"SpoolFull\":3}", "INF fifth");
        tail.WaitFor("fifth");

        var printed = tail.Everything.Split('\n').Where(l => l.Contains("first", StringComparison.Ordinal) || l.Contains('⚠') || l.Contains("fifth", StringComparison.Ordinal))
            .Select(l => l.Split(' ', 3)[2]).ToList();
        Assert.Equal(
            ["INF counted first", "⚠ lines 2–4 never arrived", "⚠ 3 lines dropped on the device (spool full)", "INF counted fifth"],
            printed);
    }

    [Fact]
    public async Task Tail_Json_WritesOneObjectPerLine()
    {
        var (productId, psk) = await DeviceAsync("nd");
        await using var tail = Cli.StartLong("logs", "tail", productId, "--json");
        tail.WaitFor("Following");

        await UploadAsync(productId, "nd", psk, "INF hello json");
        var line = tail.WaitFor("hello json");

        var item = JsonDocument.Parse(line).RootElement;
        Assert.Equal("nd", item.GetProperty("deviceName").GetString());
        Assert.Equal("INF", item.GetProperty("levelName").GetString());
    }

    [Fact]
    public async Task Tail_ReconnectsWhenTheServerRestarts_WithoutLosingOrRepeatingALine()
    {
        // A server of its own, on a port that stays the same across the restart.
        var own = new FixedPortServer(FreePort.Next());
        await own.InitializeAsync();
        try
        {
            var productId = await own.CreateProductAsync();
            var psk = await own.CreateKeyDeviceAsync(productId, "r");
            await using var tail = new CliRun(own.BaseAddress, LogbeamServer.AdminKey).StartLong("logs", "tail", productId, "--json");
            tail.WaitFor("Following");
            await UploadAsync(own, productId, "r", psk, "INF before the restart");
            tail.WaitFor("before the restart");

            await own.RestartAsync(); // the tail's stream ends at the shutdown
            tail.WaitFor("reconnecting");
            // Most likely committed before the tail is back: it comes through Last-Event-ID, as it would after a real outage.
            await UploadAsync(own, productId, "r", psk, "INF while it reconnects");
            tail.WaitFor("while it reconnects");
            await UploadAsync(own, productId, "r", psk, "INF after the restart");
            tail.WaitFor("after the restart");

            Assert.Single(tail.Everything.Split('\n'), line => line.Contains("before the restart", StringComparison.Ordinal));
        }
        finally
        {
            await own.DisposeAsync();
        }
    }

    private async Task<List<string>> Texts(params string[] args)
    {
        var result = await Cli.RunAsync([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return [.. result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("text").GetString()!)];
    }

    private async Task<(string ProductId, string Psk)> DeviceAsync(string name)
    {
        var productId = await server.CreateProductAsync();
        return (productId, await server.CreateKeyDeviceAsync(productId, name));
    }

    private Task UploadAsync(string productId, string deviceName, string psk, params string[] lines) =>
        UploadAsync(server, productId, deviceName, psk, lines);

    private static async Task UploadAsync(LogbeamServer to, string productId, string deviceName, string psk, params string[] lines) =>
        Assert.Null(await Uploads.SendForCodeAsync(to.Device, Uploads.Hmac(Uploads.CBody(productId, deviceName, lines), psk)));

    private sealed class FixedPortServer(int port) : LogbeamServer(new() { ["urls"] = $"http://127.0.0.1:{port}" });

    private async Task NumberedAsync(string productId, string psk, string members, params string[] lines)
    {
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.NumberedBody(productId, "counted", members, lines), psk)));
    }
}
