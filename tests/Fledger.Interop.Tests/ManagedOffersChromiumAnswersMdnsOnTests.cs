using Fledger.Browser.Tests.Infrastructure;
using Fledger.Interop.Tests.Peers;

namespace Fledger.Interop.Tests;

/// <summary>The conformance suite, the managed side offers and Chromium answers; Chromium with default flags: Chromium's host candidates are mDNS names.</summary>
public sealed class ManagedOffersChromiumAnswersMdnsOnTests(MdnsOnBrowserFixture fixture) : ConformanceTests, IClassFixture<MdnsOnBrowserFixture>
{
    /// <inheritdoc />
    protected override bool ChromiumUsesMdns => true;

    /// <inheritdoc />
    protected override Task<ITestPeer> CreateOffererAsync() => Task.FromResult<ITestPeer>(new ManagedTestPeer());

    /// <inheritdoc />
    protected override async Task<ITestPeer> CreateAnswererAsync() => await ChromiumTestPeer.CreateAsync(fixture);
}
