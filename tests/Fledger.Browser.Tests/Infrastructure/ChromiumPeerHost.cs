using System.Collections.Concurrent;
using System.Text.Json;
using Fledger.Core.Identity;
using Fledger.Net.WebRtc;
using Microsoft.Playwright;

namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>
/// An <see cref="IWebRtcPeerFactory"/> in the test process whose peers live in one Chromium page: lets a
/// test run the WebRTC contract against Chromium (e.g. the managed stack ↔ Chromium).
/// </summary>
public sealed class ChromiumPeerHost : IWebRtcPeerFactory, IAsyncDisposable
{
    private readonly ConcurrentDictionary<int, ChromiumWebRtcPeer> _peers = new();

    private ChromiumPeerHost(IPage page) => Page = page;

    /// <summary>The page hosting the peers.</summary>
    public IPage Page { get; }

    /// <summary>Opens <c>peer-host.html</c> in a new context of <paramref name="chromium"/>.</summary>
    public static async Task<ChromiumPeerHost> OpenAsync(ChromiumSession chromium, StaticSiteHost site)
    {
        ArgumentNullException.ThrowIfNull(chromium);
        ArgumentNullException.ThrowIfNull(site);
        var host = new ChromiumPeerHost(await chromium.NewPageAsync());
        await host.Page.ExposeFunctionAsync("fledgerEvent", (string json) => host.Dispatch(json));
        await host.Page.GotoAsync(site.Url("peer-host.html"));
        await host.Page.WaitForFunctionAsync("() => window.peerHost !== undefined", null, new() { Timeout = 30_000 });
        return host;
    }

    /// <inheritdoc />
    public IWebRtcPeer Create(NodeId remote, IWebRtcPeerEvents events) => new ChromiumWebRtcPeer(this, events);

    /// <summary>Closes the page and every peer in it.</summary>
    public async ValueTask DisposeAsync() => await Page.Context.CloseAsync();

    internal async Task<int> RegisterAsync(ChromiumWebRtcPeer peer)
    {
        var id = await WebRtcPagePair.EvalAsync<int>(Page, "() => peerHost.create()");
        _peers[id] = peer;
        return id;
    }

    internal void Unregister(int id) => _peers.TryRemove(id, out _);

    private void Dispatch(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (_peers.TryGetValue(root.GetProperty("peer").GetInt32(), out var peer))
        {
            peer.OnPageEvent(root);
        }
    }
}
