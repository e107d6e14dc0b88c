using Fledger.Browser.Tests.Infrastructure;
using Fledger.Interop.Tests.Peers;

namespace Fledger.Interop.Tests;

/// <summary>The conformance suite, Chromium offers and the managed side answers; Chromium with default flags: Chromium's host candidates are mDNS names.</summary>
public sealed class ChromiumOffersManagedAnswersMdnsOnTests(MdnsOnBrowserFixture fixture) : ConformanceTests, IClassFixture<MdnsOnBrowserFixture>
{
    /// <inheritdoc />
    protected override bool ChromiumUsesMdns => true;

    /// <inheritdoc />
    protected override async Task<ITestPeer> CreateOffererAsync() => await ChromiumTestPeer.CreateAsync(fixture);

    /// <inheritdoc />
    protected override Task<ITestPeer> CreateAnswererAsync() => Task.FromResult<ITestPeer>(new ManagedTestPeer());
}
