using Fledger.Browser.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fledger.Browser.Tests;

/// <summary>Web nodes in separate Chromium tabs join a real signal server, connect over WebRTC and gossip chat.</summary>
public sealed class WebNodeMeshTests(MeshFixture fixture, ITestOutputHelper output) : IClassFixture<MeshFixture>
{
    [Fact]
    public async Task TwoTabs_ChatPostedInEither_AppearsInBoth()
    {
        var a = await fixture.OpenNodeAsync();
        await a.WaitAnnouncedAsync();
        var announced = a.Rendered;
        var b = await fixture.OpenNodeAsync();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await b.WaitAnnouncedAsync();
        var bAnnounced = b.Rendered + watch.Elapsed;
        await b.WaitConnectedAsync(a.Id);
        var bConnected = b.Rendered + watch.Elapsed;
        await a.WaitConnectedAsync(b.Id);
        output.WriteLine($"tab A: id shown {announced.TotalSeconds:0.00} s after navigation");
        output.WriteLine($"tab B: id shown {b.Rendered.TotalSeconds:0.00} s, announced {bAnnounced.TotalSeconds:0.00} s, first peer connected {bConnected.TotalSeconds:0.00} s after navigation");

        await a.PostChatAsync("hello from tab A");
        await b.WaitChatAsync(a.Id, "hello from tab A");
        await b.PostChatAsync("hello from tab B");
        await a.WaitChatAsync(b.Id, "hello from tab B");
        await a.WaitChatAsync(a.Id, "hello from tab A");
        await a.WaitGraphNodeAsync(b.Id);

        Assert.NotEqual(a.Id, b.Id);
        Assert.Matches("^[0-9a-f]{64}$", a.Id);
        Assert.Equal(1, await a.Page.Locator($"#mesh-graph [data-edge='{b.Id}']").CountAsync());
        output.WriteLine(await a.ScreenshotAsync("web-node-mesh-a"));
        output.WriteLine(await b.ScreenshotAsync("web-node-mesh-b"));
        await a.Page.Context.CloseAsync();
        await b.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReloadedTab_KeepsItsIdAndStoredChat_AndRejoins()
    {
        var a = await fixture.OpenNodeAsync();
        var b = await fixture.OpenNodeAsync();
        await b.WaitConnectedAsync(a.Id);
        await b.PostChatAsync("posted before the reload");
        await a.WaitChatAsync(b.Id, "posted before the reload");
        var id = a.Id;
        await b.Page.Context.CloseAsync();

        // With the author gone, only a's localStorage can bring the message back.
        await a.ReloadAsync();
        await a.WaitAnnouncedAsync();
        await a.WaitChatAsync(b.Id, "posted before the reload");

        Assert.Equal(id, a.Id);
        var stored = await a.Page.EvaluateAsync<string[]>("() => Object.keys(localStorage).filter(k => k.startsWith('fledger/0/'))");
        Assert.Contains("fledger/0/node/identity", stored);
        Assert.True(stored.Length >= 3, $"expected identity, name and gossip events in localStorage: {string.Join(", ", stored)}");
        var c = await fixture.OpenNodeAsync();
        await c.WaitConnectedAsync(a.Id);
        await c.WaitChatAsync(b.Id, "posted before the reload");
        output.WriteLine($"reloaded tab showed its id {a.Rendered.TotalSeconds:0.00} s after the reload");
        await a.Page.Context.CloseAsync();
        await c.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task TwoTabsOfOneProfile_GetTheirOwnIdentities_AndKeepThemWhenRenamed()
    {
        var first = await fixture.OpenNodeAsync();
        var second = await fixture.OpenNodeAsync(first.Page.Context);
        await second.WaitAnnouncedAsync();

        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal("0", (await first.Page.TextContentAsync("#tab-slot"))!.Trim());
        Assert.Equal("1", (await second.Page.TextContentAsync("#tab-slot"))!.Trim());

        // Renaming stores the name and reloads the tab: same slot, same id, new name.
        var id = second.Id;
        await second.Page.FillAsync("#name-input", "renamed tab");
        await second.Page.ClickAsync("#name-save");
        await second.Page.Locator("#node-name", new() { HasTextString = "renamed tab" }).WaitForAsync(new() { Timeout = 60_000 });
        await second.WaitAnnouncedAsync();
        Assert.Equal(id, (await second.Page.TextContentAsync("#node-id"))!.Trim());
        Assert.Equal("1", (await second.Page.TextContentAsync("#tab-slot"))!.Trim());
        await first.Page.Context.CloseAsync();
    }

    [Fact]
    public async Task ServedBySignalServer_WithoutSignalParameter_JoinsThatServer()
    {
        var a = await fixture.OpenNodeAsync(fixture.SignalServerRoot);
        await a.WaitAnnouncedAsync();

        Assert.Equal(fixture.SignalUri.ToString(), (await a.Page.TextContentAsync("#signal-url"))!.Trim());
        await a.Page.Context.CloseAsync();
    }
    [Fact]
    public Task TabsAndNativeNodes_ChatCrossesBetweenChromiumAndTheManagedStack()
        => MeshScenarios.ChatAcrossTabsAndNativeNodesAsync(fixture, output, seed: 11, screenshot: "web-node-mesh-with-native");

    [Fact]
    public async Task LocalStorageStore_SelfTestInThePage_PassesEveryCheck()
    {
        var page = await fixture.Chromium.NewPageAsync();
        await page.GotoAsync(fixture.SignalServerRoot + "diagnostics/storage");

        var table = await page.WaitForSelectorAsync("#storage-check[data-state=passed], #storage-check[data-state=failed]", new() { Timeout = 60_000 });
        var rows = await page.Locator("#storage-check tbody tr").AllInnerTextsAsync();
        foreach (var row in rows)
        {
            output.WriteLine(row);
        }

        Assert.Equal("passed", await table!.GetAttributeAsync("data-state"));
        Assert.Equal(6, rows.Count);
        Assert.Equal(0, await page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('fledger-selftest/')).length"));
        await page.Context.CloseAsync();
    }
}
