using Fledger.Browser.Tests.Infrastructure;
using Fledger.Interop.Tests.Peers;

namespace Fledger.Interop.Tests;

/// <summary>The conformance suite, Chromium offers and the managed side answers; Chromium with --disable-features=WebRtcHideLocalIpsWithMdns: raw IP host candidates.</summary>
public sealed class ChromiumOffersManagedAnswersMdnsOffTests(MdnsOffBrowserFixture fixture) : ConformanceTests, IClassFixture<MdnsOffBrowserFixture>
{
    /// <inheritdoc />
    protected override bool ChromiumUsesMdns => false;

    /// <inheritdoc />
    protected override async Task<ITestPeer> CreateOffererAsync() => await ChromiumTestPeer.CreateAsync(fixture);

    /// <inheritdoc />
    protected override Task<ITestPeer> CreateAnswererAsync() => Task.FromResult<ITestPeer>(new ManagedTestPeer());
}
