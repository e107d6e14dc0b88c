namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>Chromium with default flags: host candidates are <c>.local</c> mDNS names.</summary>
public sealed class MdnsOnBrowserFixture : BrowserFixture
{
    /// <inheritdoc />
    protected override ChromiumOptions Options => ChromiumOptions.MdnsOn;
}
