using Fledger.Browser.Tests.Infrastructure;
using Fledger.Interop.Tests.Peers;

namespace Fledger.Interop.Tests;

/// <summary>The conformance suite, the managed side offers and Chromium answers; Chromium with --disable-features=WebRtcHideLocalIpsWithMdns: raw IP host candidates.</summary>
public sealed class ManagedOffersChromiumAnswersMdnsOffTests(MdnsOffBrowserFixture fixture) : ConformanceTests, IClassFixture<MdnsOffBrowserFixture>
{
    /// <inheritdoc />
    protected override bool ChromiumUsesMdns => false;

    /// <inheritdoc />
    protected override Task<ITestPeer> CreateOffererAsync() => Task.FromResult<ITestPeer>(new ManagedTestPeer());

    /// <inheritdoc />
    protected override async Task<ITestPeer> CreateAnswererAsync() => await ChromiumTestPeer.CreateAsync(fixture);
}
