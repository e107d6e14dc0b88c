using System.Diagnostics;
using Fledger.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Fledger.Browser.Tests;

/// <summary>The Blazor WebAssembly web node in headless Chromium.</summary>
public sealed class WebNodeTests(WebNodeFixture fixture, ITestOutputHelper output) : IClassFixture<WebNodeFixture>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WebNode_InHeadlessChromium_StartsShowsIdentityAndSavesScreenshot()
    {
        var page = await fixture.Chromium.NewPageAsync();
        var watch = Stopwatch.StartNew();

        await page.GotoAsync(fixture.Site.Url("loopback"));
        var nodeId = await WaitTextAsync(page, "#node-id");
        var started = watch.Elapsed;
        await WaitLoopbackOpenAsync(page);
        await page.WaitForSelectorAsync("#peers td", new() { Timeout = (float)StartTimeout.TotalMilliseconds });

        output.WriteLine($"web node rendered after {started.TotalSeconds:0.0} s");
        Assert.Matches("^[0-9a-f]{32}$", nodeId);
        Assert.StartsWith("web-", await WaitTextAsync(page, "#node-name"), StringComparison.Ordinal);
        Directory.CreateDirectory(TestPaths.Screenshots);
        var path = Path.Combine(TestPaths.Screenshots, "web-node.png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 0);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Chat_OverInPageLoopbackChannel_ArrivesThroughBrowserWebRtc()
    {
        var page = await fixture.Chromium.NewPageAsync();
        await page.GotoAsync(fixture.Site.Url("loopback"));
        await WaitLoopbackOpenAsync(page);

        await page.FillAsync("#chat-input", "hello over webrtc");
        await page.ClickAsync("#chat-send");

        var echoed = page.Locator("#chat-log li", new() { Has = page.Locator(".from", new() { HasTextString = "loopback" }) });
        await echoed.WaitForAsync(new() { Timeout = 30_000 });
        Assert.Equal("hello over webrtc", await echoed.Locator(".text").InnerTextAsync());
        Assert.Equal(2, await page.Locator("#chat-log li").CountAsync());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Diagnostics_SelfTestOfBrowserWebRtcPeer_PassesEveryCheck()
    {
        var page = await fixture.Chromium.NewPageAsync();
        await page.GotoAsync(fixture.Site.Url("diagnostics"));

        var table = await page.WaitForSelectorAsync("#selftest[data-state=passed], #selftest[data-state=failed]",
            new() { Timeout = 90_000 });
        var rows = await page.Locator("#selftest tbody tr").AllInnerTextsAsync();
        foreach (var row in rows)
        {
            output.WriteLine(row);
        }

        Assert.Equal("passed", await table!.GetAttributeAsync("data-state"));
        Assert.Equal(7, rows.Count);
        await page.Context.CloseAsync();
    }

    private async Task WaitLoopbackOpenAsync(IPage page)
    {
        var status = await page.WaitForSelectorAsync("[data-loopback=open], [data-loopback=failed]",
            new() { Timeout = (float)StartTimeout.TotalMilliseconds });
        var state = await status!.GetAttributeAsync("data-loopback");
        Assert.True(state == "open", $"loopback {state}: {await status.InnerTextAsync()}\n"
            + string.Join('\n', fixture.Chromium.ConsoleLines));
    }

    private static async Task<string> WaitTextAsync(IPage page, string selector)
    {
        await page.WaitForFunctionAsync($"s => document.querySelector(s)?.textContent.trim().length > 0", selector,
            new() { Timeout = (float)StartTimeout.TotalMilliseconds });
        return (await page.TextContentAsync(selector))!.Trim();
    }
}
