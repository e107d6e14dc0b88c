using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>One headless Debian Chromium driven by Playwright. Each page gets its own context.</summary>
public sealed class ChromiumSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly ConcurrentQueue<string> _console = new();

    private ChromiumSession(IPlaywright playwright, IBrowser browser, ChromiumOptions options)
    {
        _playwright = playwright;
        Browser = browser;
        Options = options;
    }

    /// <summary>The launched browser.</summary>
    public IBrowser Browser { get; }

    /// <summary>The options it was launched with.</summary>
    public ChromiumOptions Options { get; }

    /// <summary>Console lines and page errors of every page, for failure messages.</summary>
    public IReadOnlyCollection<string> ConsoleLines => _console;

    /// <summary>Launches Chromium headless with the given options.</summary>
    public static async Task<ChromiumSession> LaunchAsync(ChromiumOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = options.ExecutablePath,
                Headless = true,
                Args = options.BuildArgs(),
                Timeout = 30_000,
            });
            return new ChromiumSession(playwright, browser, options);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens a page in a fresh browser context and records its console output.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1100, Height = 800 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        page.Console += (_, message) => _console.Enqueue($"[{message.Type}] {message.Text}");
        page.PageError += (_, error) => _console.Enqueue($"[pageerror] {error}");
        return page;
    }

    /// <summary>Closes the browser and the Playwright driver.</summary>
    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
    }
}
