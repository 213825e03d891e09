using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Logbeam.Console.Tests;

/// <summary>The web console in real headless Chromium against the real server.</summary>
public sealed partial class ConsoleTests(ConsoleFixture server) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task SignIn_WithAWrongKey_SaysSo_AndTheKeyIsKeptForTheTabOnly()
    {
        var page = await server.OpenAsync(signIn: false);
        await page.GetByLabel("Admin API key").FillAsync("wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("That key is not the admin key.");

        await page.GetByLabel("Admin API key").FillAsync(LogbeamServer.AdminKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Products", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(LogbeamServer.AdminKey, await page.EvaluateAsync<string>("sessionStorage.getItem('logbeam.apiKey')"));
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('logbeam.apiKey')"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByLabel("Admin API key")).ToBeVisibleAsync();
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('logbeam.apiKey')"));
    }

    [Fact]
    public async Task CreateAProductAndADevice_ShowsTheCredentialsOnce_WithCopyButtons()
    {
        var page = await server.OpenAsync();
        var productId = "W" + Guid.NewGuid().ToString("N")[..9].ToUpperInvariant();

        await page.GetByLabel("Product id").FillAsync(productId);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Greenhouse sensors");
        await page.GetByLabel("Default level", new() { Exact = true }).SelectOptionAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create product" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Greenhouse sensors", Level = 1 })).ToBeVisibleAsync();
        await page.GetByLabel("Device name").FillAsync("greenhouse-7");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register device" }).ClickAsync();

        var credentials = page.GetByRole(AriaRole.Region, new() { Name = "Credentials of greenhouse-7" });
        await Expect(credentials).ToBeVisibleAsync();
        await Expect(credentials).ToContainTextAsync("shown only this once");
        await Expect(credentials).ToContainTextAsync($"{productId}greenhouse-7"); // MQTT client id
        await Expect(credentials).ToContainTextAsync("/device/reportlog");
        // The broker's real ports (the fixture's are picked free), TLS-PSK's among them.
        await Expect(credentials).ToContainTextAsync($":{server.MqttPort}");
        await Expect(credentials).ToContainTextAsync($":{server.MqttTlsPort} (TLS-PSK");
        var psk = await credentials.Locator("dd").Nth(2).Locator("code").TextContentAsync();
        Assert.Matches("^[A-Za-z0-9+/=]{16,}$", psk);
        await Expect(credentials.GetByRole(AriaRole.Button, new() { Name = "Copy Device PSK" })).ToBeVisibleAsync();
        await Expect(page.Locator("tr[data-device='greenhouse-7']")).ToContainTextAsync("offline");

        // The PSK authenticates an upload, and is not shown again once the page is left.
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, "greenhouse-7", "INF hello"), psk!)));
        await page.ReloadAsync();
        await Expect(page.Locator("tr[data-device='greenhouse-7']")).ToBeVisibleAsync();
        Assert.DoesNotContain(psk!, await page.ContentAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeviceList_ShowsStateLevelAndCounts_SearchNarrowsIt_AndDisableDeleteWork()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 3);
        var psk = await server.CreateKeyDeviceAsync(productId, "pump-1");
        await server.CreateKeyDeviceAsync(productId, "valve-2");
        await server.CreateKeyDeviceAsync(productId, "valve-3");
        await UploadAsync(productId, "pump-1", psk, "ERR stalled", "WRN slow", "WRN slower", "INF running");
        await using var device = await TestDevice.ConnectAsync(productId, "pump-1", SdkCredentials.C(productId, "pump-1", psk), server.MqttPort);

        var page = await server.OpenAsync($"#/p/{productId}");

        var pump = page.Locator("tr[data-device='pump-1']");
        await Expect(pump).ToContainTextAsync("online");
        await Expect(pump.Locator(".count.lvl-1")).ToHaveTextAsync("1");
        await Expect(pump.Locator(".count.lvl-2")).ToHaveTextAsync("2");
        await Expect(pump.Locator(".count.lvl-3")).ToHaveTextAsync("1");
        await Expect(pump).ToContainTextAsync("INFO (default)");
        await Expect(page.Locator("svg[role=img]")).ToHaveAttributeAsync("aria-label", new Regex("^4 lines in the last 60 minutes"));

        await page.GetByLabel("Search devices").FillAsync("valve");
        await Expect(page.Locator("tbody tr[data-device]")).ToHaveCountAsync(2);
        await Expect(pump).ToHaveCountAsync(0);

        var valve = page.Locator("tr[data-device='valve-2']");
        await valve.GetByRole(AriaRole.Button, new() { Name = "Disable" }).ClickAsync();
        await Expect(valve).ToContainTextAsync("disabled");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.Locator("tr[data-device='valve-3']").GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.Locator("tr[data-device='valve-3']")).ToHaveCountAsync(0);
        await Expect(page.Locator("tbody tr[data-device]")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task ASignedUpload_AppearsInTheLiveTail_WithoutReload_AndPauseHoldsItBack()
    {
        var (productId, psk) = await DeviceAsync("tail-1");
        await UploadAsync(productId, "tail-1", psk, "INF|2026-01-01 08:00:00|boot|already there");
        var page = await server.OpenAsync($"#/p/{productId}/d/tail-1");
        await Expect(page.Locator("#lines li")).ToHaveCountAsync(1);
        await Expect(page.Locator("#live-state")).ToHaveTextAsync("● Live");

        await UploadAsync(productId, "tail-1", psk, "ERR|2026-01-01 08:00:01|adc|reading out of range: 4095");
        var arrived = page.Locator("#lines li").Filter(new() { HasText = "reading out of range" });
        await Expect(arrived).ToBeVisibleAsync();
        await Expect(arrived).ToHaveClassAsync(new Regex(@"\blvl-1\b"));
        await Expect(page.Locator("#lines li")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(page.Locator("#live-state")).ToHaveTextAsync("Paused");
        await UploadAsync(productId, "tail-1", psk, "WRN sent while paused");
        await Task.Delay(700);
        await Expect(page.Locator("#lines li")).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Expect(page.Locator("#lines li").Filter(new() { HasText = "sent while paused" })).ToBeVisibleAsync();
        await Expect(page.Locator("#lines li")).ToHaveCountAsync(3);

        // A line's details: device time, receive time, tag, request id.
        await arrived.GetByRole(AriaRole.Button).ClickAsync();
        var detail = arrived.Locator("dl.detail");
        await Expect(detail).ToBeVisibleAsync();
        await Expect(detail).ToContainTextAsync("2026-01-01 08:00:01");
        await Expect(detail).ToContainTextAsync("adc");
        var stored = (await LinesAsync(productId, "tail-1")).Single(l => l.GetProperty("text").GetString()!.StartsWith("reading", StringComparison.Ordinal));
        await Expect(detail).ToContainTextAsync(stored.GetProperty("requestId").GetString()!);
    }

    [Fact]
    public async Task LevelFilterAndSearch_NarrowTheList()
    {
        var (productId, psk) = await DeviceAsync("filtered");
        await UploadAsync(productId, "filtered", psk,
            "ERR disk full on /data", "WRN disk 91% used", "INF disk check done", "DBG fan rpm 1200", "ERR fan stuck");
        var page = await server.OpenAsync($"#/p/{productId}/d/filtered");
        var lines = page.Locator("#lines li");
        await Expect(lines).ToHaveCountAsync(5);

        await page.GetByLabel("Levels").SelectOptionAsync(new SelectOptionValue { Label = "Errors" });
        await Expect(lines).ToHaveCountAsync(2);
        await Expect(lines.Nth(0)).ToContainTextAsync("disk full");
        await Expect(lines.Nth(1)).ToContainTextAsync("fan stuck");

        await page.GetByLabel("Search").FillAsync("disk");
        await Expect(lines).ToHaveCountAsync(1);
        await Expect(lines.Nth(0)).ToContainTextAsync("disk full");

        await page.GetByLabel("Levels").SelectOptionAsync(new SelectOptionValue { Label = "All levels" });
        await Expect(lines).ToHaveCountAsync(3);

        // A time range that ended before the lines arrived has none of them, and no live tail.
        await page.GetByLabel("Time").SelectOptionAsync(new SelectOptionValue { Label = "Custom…" });
        await page.GetByLabel("To").FillAsync("2020-01-01T00:00");
        await page.GetByLabel("To").DispatchEventAsync("change");
        await Expect(lines).ToHaveCountAsync(0);
        await Expect(page.Locator("#live-state")).ToHaveTextAsync("History only");
    }

    [Fact]
    public async Task ScrollingUp_LoadsOlderLines_UntilTheFirst()
    {
        var (productId, psk) = await DeviceAsync("history");
        await UploadAsync(productId, "history", psk, [.. Enumerable.Range(0, 450).Select(i => $"INF reading {i:D3}")]);
        var page = await server.OpenAsync($"#/p/{productId}/d/history");
        var lines = page.Locator("#lines li");
        await Expect(lines).ToHaveCountAsync(200);
        await Expect(lines.Last).ToContainTextAsync("reading 449");

        await page.Locator(".log-pane").EvaluateAsync("pane => pane.scrollTop = 0");
        await Expect(lines).ToHaveCountAsync(400);
        await page.Locator(".log-pane").EvaluateAsync("pane => pane.scrollTop = 0");
        await Expect(lines).ToHaveCountAsync(450);
        await Expect(lines.First).ToContainTextAsync("reading 000");
        await Expect(page.GetByText("The first line matching these filters.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SettingALevelForAnHour_ShowsOnTheDevicePage_AndReachesTheDeviceOverMqtt()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var psk = await server.CreateKeyDeviceAsync(productId, "mqtt-1");
        await using var device = await TestDevice.ConnectAsync(productId, "mqtt-1", SdkCredentials.C(productId, "mqtt-1", psk), server.MqttPort);
        var page = await server.OpenAsync($"#/p/{productId}/d/mqtt-1");
        await Expect(page.Locator("#device-state")).ToHaveTextAsync("online");
        await Expect(page.Locator("#device-level")).ToHaveTextAsync("ERROR (product default)");

        await page.GetByLabel("Level", new() { Exact = true }).SelectOptionAsync("4");
        await page.GetByLabel("For").SelectOptionAsync(new SelectOptionValue { Label = "1 hour" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Set level" }).ClickAsync();

        await Expect(page.Locator("#level-result")).ToContainTextAsync("Pushed to the device over MQTT just now.");
        await Expect(page.Locator("#device-level")).ToContainTextAsync("DEBUG until");
        Assert.Equal(4, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));
        var shown = await server.Admin.GetStringAsync($"/api/v1/products/{productId}/devices/mqtt-1");
        var expires = JsonDocument.Parse(shown).RootElement.GetProperty("levelExpiresAt").GetDateTimeOffset();
        Assert.InRange(expires, DateTimeOffset.UtcNow.AddMinutes(58), DateTimeOffset.UtcNow.AddMinutes(61));
    }

    [Fact]
    public async Task ChangingTheDefaultLevel_OnTheProductListAndPage_ChangesTheProduct()
    {
        var productId = await server.CreateProductAsync(defaultLevel: 1);
        var page = await server.OpenAsync("#/");

        await page.GetByLabel($"Default level of {productId}").SelectOptionAsync("3");

        await Expect(page.Locator("#status")).ToContainTextAsync($"{productId}: default level set");
        Assert.Equal(3, await DefaultLevelAsync(productId));

        await page.GotoAsync($"/#/p/{productId}");
        await page.GetByLabel("Default level", new() { Exact = true }).SelectOptionAsync("2");

        await Expect(page.Locator("#status")).ToContainTextAsync("Default level WARN");
        Assert.Equal(2, await DefaultLevelAsync(productId));
    }

    [Fact]
    public async Task Export_DownloadsTheCurrentFilter_AsCsvAndNdjson()
    {
        var (productId, psk) = await DeviceAsync("exported");
        await UploadAsync(productId, "exported", psk, "ERR one, with a comma", "INF two", "ERR three");
        var page = await server.OpenAsync($"#/p/{productId}/d/exported");
        await page.GetByLabel("Levels").SelectOptionAsync(new SelectOptionValue { Label = "Errors" });
        await Expect(page.Locator("#lines li")).ToHaveCountAsync(2);

        var csv = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        var ndjson = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export NDJSON" }).ClickAsync());

        Assert.Matches($"^logbeam-{productId}-exported-.*\\.csv$", csv.SuggestedFilename);
        var rows = (await File.ReadAllTextAsync((await csv.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("id,receivedAt,", rows[0], StringComparison.Ordinal);
        Assert.Contains("\"one, with a comma\"", rows[2], StringComparison.Ordinal);
        var items = (await File.ReadAllLinesAsync((await ndjson.PathAsync())!)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["three", "one, with a comma"], items.Select(i => i.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task OnAPhone_TheLogViewFits_AndTheControlsCanBeReached()
    {
        var (productId, psk) = await DeviceAsync("phone");
        await UploadAsync(productId, "phone", psk, "WRN|2026-01-01 08:00:00|net|a fairly long line that has to wrap on a narrow phone screen without a sideways scroll");
        var page = await server.OpenAsync($"#/p/{productId}/d/phone", width: 390, height: 844);

        await Expect(page.Locator("#lines li")).ToHaveCountAsync(1);
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth");
        Assert.False(overflow, "the page scrolls sideways on a phone");
        foreach (var label in new[] { "Levels", "Time", "Search", "Level" })
        {
            await Expect(page.GetByLabel(label, new() { Exact = true })).ToBeVisibleAsync();
        }
    }

    private async Task<(string ProductId, string Psk)> DeviceAsync(string name)
    {
        var productId = await server.CreateProductAsync();
        return (productId, await server.CreateKeyDeviceAsync(productId, name));
    }

    private async Task UploadAsync(string productId, string deviceName, string psk, params string[] lines) =>
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody(productId, deviceName, lines), psk)));

    private async Task<List<JsonElement>> LinesAsync(string productId, string deviceName)
    {
        var page = JsonDocument.Parse(await server.Admin.GetStringAsync($"/api/v1/logs?productId={productId}&deviceName={deviceName}&limit=1000")).RootElement;
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    private async Task<int> DefaultLevelAsync(string productId) =>
        JsonDocument.Parse(await server.Admin.GetStringAsync($"/api/v1/products/{productId}")).RootElement.GetProperty("defaultLogLevel").GetInt32();
}
