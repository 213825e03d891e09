using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Logbeam.Console.Tests;

/// <summary>
/// Renders the device log view with a realistic device's lines. The picture goes to the test's output folder, and to
/// docs/console.png (shown in the README) when LOGBEAM_UPDATE_SCREENSHOT=1, so a test run leaves the tree as it was.
/// </summary>
public sealed class ScreenshotTests(ConsoleFixture server) : IClassFixture<ConsoleFixture>
{
    [Fact]
    public async Task TheDeviceLogView_IsRenderedAsAScreenshot()
    {
        await server.Admin.PostAsync("/api/v1/products",
            System.Net.Http.Json.JsonContent.Create(new { productId = "BOILER0001", name = "Boiler fleet", defaultLogLevel = 3 }));
        var psk = await server.CreateKeyDeviceAsync("BOILER0001", "boiler-0417");
        await server.CreateKeyDeviceAsync("BOILER0001", "boiler-0418");
        await using var device = await TestDevice.ConnectAsync(
            "BOILER0001", "boiler-0417", SdkCredentials.C("BOILER0001", "boiler-0417", psk), server.MqttPort);
        var at = DateTime.UtcNow.AddSeconds(-40);
        string T(int seconds) => at.AddSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        string[][] batches =
        [
            [
                $"INF|{T(0)}|boot|firmware 2.4.1 (build 8812) starting, reset cause: watchdog",
                $"INF|{T(1)}|net|wifi connected: ssid=plant-floor rssi=-61 dBm ip=10.20.4.117",
                $"INF|{T(1)}|mqtt|connected to broker, log level INFO",
            ],
            [
                $"DBG|{T(4)}|sensor|flow=12.4 l/min supply=61.2°C return=44.8°C",
                $"DBG|{T(4)}|pid|setpoint=62.0 output=38% integral=4.12",
                $"INF|{T(6)}|burner|ignition sequence started (attempt 1)",
                $"WRN|{T(9)}|burner|flame signal weak: 1.8 µA (minimum 2.0 µA)",
                $"INF|{T(10)}|burner|ignition sequence started (attempt 2)",
            ],
            [
                $"ERR|{T(14)}|burner|flame not detected after 3 attempts, lockout (code E133)",
                $"WRN|{T(15)}|pump|current 2.9 A above nominal 2.4 A",
                $"DBG|{T(16)}|sensor|flow=11.9 l/min supply=48.0°C return=45.1°C",
                $"ERR|{T(18)}|modbus|timeout reading register 40021 from slave 3",
                $"INF|{T(20)}|burner|lockout cleared by remote reset",
                $"DBG|{T(21)}|pid|setpoint=62.0 output=71% integral=9.87",
                $"INF|{T(24)}|burner|flame established, modulation 35%",
                $"DBG|{T(26)}|sensor|flow=12.6 l/min supply=58.3°C return=44.2°C",
            ],
        ];
        foreach (var lines in batches)
        {
            Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody("BOILER0001", "boiler-0417", lines), psk)));
            await Task.Delay(300);
        }

        var page = await server.OpenAsync("#/p/BOILER0001/d/boiler-0417", width: 1280, height: 900);
        await Expect(page.Locator("#lines li")).ToHaveCountAsync(16);
        await page.GetByLabel("Level", new() { Exact = true }).SelectOptionAsync("4");
        await page.GetByLabel("For").SelectOptionAsync(new SelectOptionValue { Label = "1 hour" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Set level" }).ClickAsync();
        await Expect(page.Locator("#level-result")).ToContainTextAsync("Pushed to the device");
        Assert.Equal(4, TestDevice.LevelOf(await device.NextAsync(device.LogResultTopic)));

        // A line arrives live, after the level went up.
        Assert.Null(await Uploads.SendForCodeAsync(server.Device, Uploads.Hmac(Uploads.CBody("BOILER0001", "boiler-0417",
            $"DBG|{T(38)}|burner|debug on: ionisation 2.6 µA, fan 3120 rpm, gas valve stage 2 open"), psk)));
        var last = page.Locator("#lines li").Filter(new() { HasText = "debug on" });
        await Expect(last).ToBeVisibleAsync();
        var lockout = page.Locator("#lines li").Filter(new() { HasText = "lockout (code E133)" });
        await lockout.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(lockout.Locator("dl.detail")).ToBeVisibleAsync();
        await page.Mouse.MoveAsync(0, 0);
        // The arrival highlight is an animation: wait for it to finish rather than for a guessed time.
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState === 'finished')");

        // What the picture shows, in the page: every line, coloured by level, the opened detail, the raised level.
        await Expect(page.Locator("#lines li.line")).ToHaveCountAsync(17);
        await Expect(page.Locator("#lines li.line.lvl-1")).ToHaveCountAsync(2);
        await Expect(page.Locator("#lines li.line.lvl-2")).ToHaveCountAsync(2);
        await Expect(lockout.Locator("dl.detail")).ToBeVisibleAsync();
        await Expect(page.Locator("#device-level")).ToContainTextAsync("DEBUG until");

        var path = Environment.GetEnvironmentVariable("LOGBEAM_UPDATE_SCREENSHOT") == "1"
            ? Path.Combine(RepoRoot.Path, "docs", "console.png")
            : Path.Combine(AppContext.BaseDirectory, "console.png");
        File.Delete(path);
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });

        // And in the picture itself: the console's own colours (console.css), decoded from the PNG by the browser.
        var picture = await DecodeAsync(page, png);
        Assert.Equal(1280, picture.Width);
        Assert.True(picture.Height >= 900, $"the picture is {picture.Height} px high");
        var pixels = picture.Width * picture.Height;
        Assert.True(picture.Count("#0f172a") > pixels / 10, $"the dark log pane covers {picture.Count("#0f172a")} of {pixels} pixels");
        Assert.True(picture.Count("#111827") > picture.Width * 20, "the top bar is missing");
        foreach (var (colour, level) in new[] { ("#f87171", "ERR"), ("#fbbf24", "WRN"), ("#4ade80", "INF") })
        {
            Assert.True(picture.Count(colour) > 50, $"no {level} text ({colour}) in the picture");
        }
    }

    /// <summary>The picture's size and how many of its pixels are (within a little) each of the colours it is asked about.</summary>
    private static async Task<Picture> DecodeAsync(IPage page, byte[] png)
    {
        string[] colours = ["#0f172a", "#111827", "#f87171", "#fbbf24", "#4ade80"];
        // A blob, not a data: URL, so the console's Content-Security-Policy has no say in it.
        var decoded = await page.EvaluateAsync<int[]>(
            """
            async ([base64, colours]) => {
              const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
              const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
              const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
              const context = canvas.getContext('2d');
              context.drawImage(bitmap, 0, 0);
              const data = context.getImageData(0, 0, bitmap.width, bitmap.height).data;
              const wanted = colours.map(h => [1, 3, 5].map(i => parseInt(h.slice(i, i + 2), 16)));
              const counts = wanted.map(() => 0);
              for (let p = 0; p < data.length; p += 4) {
                for (let w = 0; w < wanted.length; w++) {
                  const [r, g, b] = wanted[w];
                  if (Math.abs(data[p] - r) <= 6 && Math.abs(data[p + 1] - g) <= 6 && Math.abs(data[p + 2] - b) <= 6) {
                    counts[w]++;
                  }
                }
              }
              return [bitmap.width, bitmap.height, ...counts];
            }
            """,
            new object[] { Convert.ToBase64String(png), colours });
        return new Picture(decoded[0], decoded[1], colours.Select((c, i) => (c, decoded[i + 2])).ToDictionary(x => x.c, x => x.Item2));
    }

    private sealed record Picture(int Width, int Height, Dictionary<string, int> Counts)
    {
        public int Count(string colour) => Counts[colour];
    }
}
