using Fledger.Browser.Tests.Infrastructure;

namespace Fledger.Browser.Tests;

/// <summary>The module tests with Chromium's default mDNS host candidates.</summary>
public sealed class WebRtcModuleMdnsOnTests(MdnsOnBrowserFixture fixture)
    : WebRtcModuleTests(fixture), IClassFixture<MdnsOnBrowserFixture>
{
    protected override bool ExpectMdnsCandidates => true;
}
