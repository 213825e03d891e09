using Microsoft.Playwright;

namespace Logbeam.Console.Tests;

/// <summary>
/// The real server on loopback and one headless Chromium, shared by a test class; each test gets its own browser context.
/// The server refuses the request names of earlier releases, so every test also shows the console sends the current ones.
/// </summary>
public sealed class ConsoleFixture : CurrentNamesServer
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        // Assertions wait as long as actions do. The suite runs its test projects side by side on two cores, and the
        // first steps against a server that has just started (its code still compiling) have taken over 5 s there.
        Assertions.SetDefaultExpectTimeout(15_000);
        await base.InitializeAsync();
        (_playwright, Browser) = await Chromium.LaunchAsync();
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A fresh tab (its own sessionStorage), already signed in unless told not to.</summary>
    public async Task<IPage> OpenAsync(string hash = "#/", bool signIn = true, int width = 1280, int height = 860)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            TimezoneId = "UTC",
            Locale = "en-GB",
        });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/" + hash);
        if (signIn)
        {
            await page.GetByLabel("Admin API key").FillAsync(AdminKey);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.Locator("#sign-in").WaitForAsync(new() { State = WaitForSelectorState.Hidden });
        }

        return page;
    }
}
