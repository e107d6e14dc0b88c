using System.Collections.Concurrent;
using System.Text.Json;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Playwright;

namespace Fledger.InteropBench;

/// <summary>Routes the candidates the interop page trickles (window.ibSignal) to the managed peer of each Chromium peer.</summary>
internal sealed class PageSignals
{
    private readonly ConcurrentDictionary<int, RtcPeerConnection> _managed = new();

    public static async Task<PageSignals> AttachAsync(IPage page)
    {
        var signals = new PageSignals();
        await page.ExposeFunctionAsync("ibSignal", (int peer, string json) => signals.Deliver(peer, json));
        return signals;
    }

    public void Register(int chromiumPeer, RtcPeerConnection managed) => _managed[chromiumPeer] = managed;

    public void Unregister(int chromiumPeer) => _managed.TryRemove(chromiumPeer, out _);

    private bool Deliver(int peer, string json)
    {
        if (!_managed.TryGetValue(peer, out var managed))
        {
            return false;
        }
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var mid = root.TryGetProperty("sdpMid", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "0";
        var index = root.TryGetProperty("sdpMLineIndex", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : 0;
        _ = managed.AddIceCandidateAsync(new RtcIceCandidateInit(root.GetProperty("candidate").GetString() ?? string.Empty, mid, index));
        return true;
    }
}
