namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>Chromium with raw IP host candidates (mDNS hiding disabled).</summary>
public sealed class MdnsOffBrowserFixture : BrowserFixture
{
    /// <inheritdoc />
    protected override ChromiumOptions Options => ChromiumOptions.MdnsOff;
}
