using Fledger.Browser.Tests.Infrastructure;

namespace Fledger.Browser.Tests;

/// <summary>The module tests with raw IP host candidates.</summary>
public sealed class WebRtcModuleMdnsOffTests(MdnsOffBrowserFixture fixture)
    : WebRtcModuleTests(fixture), IClassFixture<MdnsOffBrowserFixture>
{
    protected override bool ExpectMdnsCandidates => false;
}
