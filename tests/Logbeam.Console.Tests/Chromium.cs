using Microsoft.Playwright;

namespace Logbeam.Console.Tests;

/// <summary>
/// Debian's Chromium driven by Playwright. The browser is the system package (never `playwright install`), and a
/// machine without it fails the tests with the command that installs it.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly string[] Arguments =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>Throws, saying how to get it, when the browser is not at <paramref name="path"/>.</summary>
    public static void EnsureInstalled(string path = ExecutablePath)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium is missing at {path}: install it with 'sudo apt-get install -y chromium' (or run ./scripts/install-test-deps.sh as root).");
        }
    }

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        EnsureInstalled();
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
        return (playwright, browser);
    }
}
