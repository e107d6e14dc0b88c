using System.Diagnostics;
using Microsoft.Playwright;

namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>A tab running the web node's home page, with waits on its DOM markers.</summary>
public sealed class WebNodePage
{
    private const float Timeout = 60_000;
    private readonly ChromiumSession _chromium;

    private WebNodePage(IPage page, ChromiumSession chromium, string id, TimeSpan rendered)
    {
        Page = page;
        _chromium = chromium;
        Id = id;
        Rendered = rendered;
    }

    /// <summary>The tab.</summary>
    public IPage Page { get; }

    /// <summary>The node id shown in <c>#node-id</c> (64 hex digits).</summary>
    public string Id { get; private set; }

    /// <summary>Time from navigation until the node id was shown.</summary>
    public TimeSpan Rendered { get; private set; }

    /// <summary>Navigates <paramref name="page"/> to <paramref name="url"/> and waits for the node id.</summary>
    public static async Task<WebNodePage> OpenAsync(IPage page, string url, ChromiumSession chromium)
    {
        var watch = Stopwatch.StartNew();
        await page.GotoAsync(url);
        var node = new WebNodePage(page, chromium, "", TimeSpan.Zero);
        node.Id = await node.WaitNodeIdAsync();
        node.Rendered = watch.Elapsed;
        return node;
    }

    /// <summary>Reloads the tab and waits for the node id again.</summary>
    public async Task ReloadAsync()
    {
        var watch = Stopwatch.StartNew();
        await Page.ReloadAsync();
        Id = await WaitNodeIdAsync();
        Rendered = watch.Elapsed;
    }

    /// <summary>Waits until the signal server accepted the node's announce.</summary>
    public Task WaitAnnouncedAsync() => WaitAsync("#signal-status[data-state=announced]", "announce");

    /// <summary>Waits until the peers table shows an open connection to <paramref name="peerId"/>.</summary>
    public Task WaitConnectedAsync(string peerId) => WaitAsync($"#peers tr[data-peer='{peerId}'][data-state=connected]", $"connection to {peerId[..8]}");

    /// <summary>Waits until any peer is connected.</summary>
    public Task WaitAnyConnectedAsync() => WaitAsync("#peers tr[data-state=connected]", "first connection");

    /// <summary>Waits until the chat feed shows <paramref name="text"/> by <paramref name="authorId"/>.</summary>
    public Task WaitChatAsync(string authorId, string text)
        => WaitAsync($"#chat-feed li[data-author='{authorId}'] >> text=\"{text}\"", $"chat '{text}'");

    /// <summary>Waits until the mesh graph draws <paramref name="nodeId"/>.</summary>
    public Task WaitGraphNodeAsync(string nodeId) => WaitAsync($"#mesh-graph [data-node='{nodeId}']", $"graph node {nodeId[..8]}");

    /// <summary>Posts <paramref name="text"/> through the chat box.</summary>
    public async Task PostChatAsync(string text)
    {
        await Page.FillAsync("#chat-input", text);
        await Page.ClickAsync("#chat-send");
    }

    /// <summary>Saves a full-page screenshot to artifacts/screenshots/<paramref name="name"/>.png.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(TestPaths.Screenshots);
        var path = Path.Combine(TestPaths.Screenshots, $"{name}.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    private async Task<string> WaitNodeIdAsync()
    {
        await WaitAsync("#node-id:not(:empty)", "node id");
        return (await Page.TextContentAsync("#node-id"))!.Trim();
    }

    private async Task WaitAsync(string selector, string what)
    {
        try
        {
            await Page.Locator(selector).First.WaitForAsync(new() { Timeout = Timeout });
        }
        catch (TimeoutException e)
        {
            var status = await Page.Locator("#signal-status").TextContentAsync(new() { Timeout = 1_000 }).ConfigureAwait(false);
            throw new TimeoutException(
                $"{what} not seen (signal status '{status}'):\n" + string.Join('\n', _chromium.ConsoleLines.TakeLast(40)), e);
        }
    }
}
