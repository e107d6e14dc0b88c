namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>
/// A Chromium plus a Kestrel host serving the WebRTC test page and <c>fledgerWebRtc.js</c>.
/// Subclasses choose the launch options (mDNS on or off); use them as xunit class fixtures.
/// </summary>
public abstract class BrowserFixture : IAsyncLifetime
{
    private ChromiumSession? _chromium;
    private StaticSiteHost? _site;

    /// <summary>The launched Chromium.</summary>
    public ChromiumSession Chromium => _chromium ?? throw new InvalidOperationException("Fixture not started.");

    /// <summary>The host serving the test pages.</summary>
    public StaticSiteHost Site => _site ?? throw new InvalidOperationException("Fixture not started.");

    /// <summary>Launch options of this fixture's Chromium.</summary>
    protected abstract ChromiumOptions Options { get; }

    /// <summary>Opens the WebRTC test page in a new context and waits until its harness loaded.</summary>
    public async Task<Microsoft.Playwright.IPage> OpenWebRtcPageAsync()
    {
        var page = await Chromium.NewPageAsync();
        await page.GotoAsync(Site.Url("webrtc-test.html"));
        try
        {
            await page.WaitForFunctionAsync("() => window.harness !== undefined", null, new() { Timeout = 30_000 });
        }
        catch (TimeoutException e)
        {
            throw new InvalidOperationException(
                "The test harness did not load:\n" + string.Join('\n', Chromium.ConsoleLines), e);
        }
        return page;
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _site = await StaticSiteHost.StartAsync(TestPaths.TestSite);
        _chromium = await ChromiumSession.LaunchAsync(Options);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }
        if (_site is not null)
        {
            await _site.DisposeAsync();
        }
    }
}
