using Fledger.Browser.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fledger.Browser.Tests;

/// <summary>Web nodes and native nodes when Chromium sends raw IP host candidates (no mDNS names).</summary>
public sealed class WebNodeNativeMdnsOffTests(MeshMdnsOffFixture fixture, ITestOutputHelper output) : IClassFixture<MeshMdnsOffFixture>
{
    [Fact]
    public Task TabsAndNativeNodes_RawIpCandidates_ChatCrossesBetweenChromiumAndTheManagedStack()
        => MeshScenarios.ChatAcrossTabsAndNativeNodesAsync(fixture, output, seed: 21, screenshot: "web-node-mesh-with-native-mdns-off");
}
