using Microsoft.Playwright;

namespace Fledger.BrowserBench;

/// <summary>Debian Chromium, headless, with the flags known to work here; mDNS host candidates on or off.</summary>
internal sealed class BenchBrowser : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private BenchBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<BenchBrowser> LaunchAsync(bool mdns)
    {
        var playwright = await Playwright.CreateAsync();
        List<string> args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ];
        if (!mdns)
        {
            args.Add("--disable-features=WebRtcHideLocalIpsWithMdns");
        }
        // Playwright gives every launch a fresh temporary --user-data-dir of its own.
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = args,
            Timeout = 30_000,
        });
        return new BenchBrowser(playwright, browser);
    }

    public async Task<IPage> OpenAsync(string url)
    {
        var page = await _browser.NewPageAsync();
        await page.GotoAsync(url);
        await page.WaitForFunctionAsync("() => window.bench !== undefined", null, new() { Timeout = 10_000 });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
