namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>Chromium (default flags) plus a host serving the web node's build output.</summary>
public sealed class WebNodeFixture : IAsyncLifetime
{
    /// <summary>Environment variable naming a published web node's wwwroot to test instead of the build output.</summary>
    public const string PublishDirVariable = "FLEDGER_WEBNODE_PUBLISH_DIR";

    private ChromiumSession? _chromium;
    private StaticSiteHost? _site;

    /// <summary>The launched Chromium.</summary>
    public ChromiumSession Chromium => _chromium ?? throw new InvalidOperationException("Fixture not started.");

    /// <summary>The host serving the web node.</summary>
    public StaticSiteHost Site => _site ?? throw new InvalidOperationException("Fixture not started.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        // FLEDGER_WEBNODE_PUBLISH_DIR=<publish>/wwwroot runs the same tests against the trimmed, published app.
        var published = Environment.GetEnvironmentVariable(PublishDirVariable);
        _site = string.IsNullOrEmpty(published)
            ? await StaticSiteHost.StartFromStaticWebAssetsAsync(TestPaths.WebNodeManifest)
            : await StaticSiteHost.StartAsync(published);
        _chromium = await ChromiumSession.LaunchAsync(ChromiumOptions.MdnsOn);
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
