using Xunit.Abstractions;

namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>Scenarios run by several mesh test classes (one per Chromium launch mode).</summary>
public static class MeshScenarios
{
    private static readonly TimeSpan NativeTimeout = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Two tabs and two native nodes (managed WebRTC stack) join the fixture's signal server; a chat posted in a tab
    /// reaches both native nodes, one posted at a native node shows in both tabs, and a native node holds an open
    /// connection to a tab.
    /// </summary>
    public static async Task ChatAcrossTabsAndNativeNodesAsync(MeshFixture fixture, ITestOutputHelper output, int seed, string screenshot)
    {
        await using var n1 = await NativeMeshNode.StartAsync("native-1", fixture.SignalUri, seed);
        await using var n2 = await NativeMeshNode.StartAsync("native-2", fixture.SignalUri, seed + 1);
        var a = await fixture.OpenNodeAsync();
        var b = await fixture.OpenNodeAsync();
        await a.WaitAnnouncedAsync();
        await b.WaitAnnouncedAsync();
        await a.WaitGraphNodeAsync(n1.Id);

        await a.PostChatAsync("from tab A to everyone");
        await n1.WaitChatAsync("from tab A to everyone", NativeTimeout);
        await n2.WaitChatAsync("from tab A to everyone", NativeTimeout);
        var posted = await n1.Node.PostChatAsync("from native-1 to everyone");
        Assert.NotNull(posted);
        await a.WaitChatAsync(n1.Id, "from native-1 to everyone");
        await b.WaitChatAsync(n1.Id, "from native-1 to everyone");

        var browserToNative = n1.Node.Connections.Concat(n2.Node.Connections).Select(id => id.ToString()).Where(id => id == a.Id || id == b.Id).ToList();
        output.WriteLine($"native nodes' connections to tabs: {browserToNative.Count}");
        Assert.NotEmpty(browserToNative);
        foreach (var (peer, stat) in n1.Node.Stats)
        {
            output.WriteLine($"native-1 -> {peer.ToShortString()}: {stat.Connection}");
        }

        output.WriteLine(await a.ScreenshotAsync(screenshot));
        await a.Page.Context.CloseAsync();
        await b.Page.Context.CloseAsync();
    }
}
