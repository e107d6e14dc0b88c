using System.Collections.Concurrent;
using System.Text.Json;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Playwright;

namespace Fledger.InteropBench;

/// <summary>
/// Routes the candidates the interop page pushes through <c>window.ibSignal(link, json)</c> (a Playwright binding: the
/// page does not wait for it) to the managed peer of each link. A link is opened before its Chromium peer exists, so
/// candidates that arrive before the managed peer is attached are kept (bounded) and handed over on attach.
/// </summary>
internal sealed class PageSignals
{
    private const int MaxPending = 64;

    private readonly ConcurrentDictionary<int, LinkSignals> _links = new();
    private int _nextLink;

    public static async Task<PageSignals> AttachAsync(IPage page)
    {
        var signals = new PageSignals();
        await page.ExposeFunctionAsync("ibSignal", (int link, string json) => signals.Deliver(link, json));
        return signals;
    }

    /// <summary>A new link id; the page tags the candidates of the Chromium peer it creates for it.</summary>
    public int Open()
    {
        var link = Interlocked.Increment(ref _nextLink);
        _links[link] = new LinkSignals();
        return link;
    }

    /// <summary>From now on candidates of <paramref name="link"/> go straight to <paramref name="managed"/>.</summary>
    public void Attach(int link, RtcPeerConnection managed)
    {
        if (_links.TryGetValue(link, out var signals))
        {
            signals.Attach(managed);
        }
    }

    public void Close(int link) => _links.TryRemove(link, out _);

    private bool Deliver(int link, string json)
    {
        if (!_links.TryGetValue(link, out var signals))
        {
            return false;
        }

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var mid = root.TryGetProperty("sdpMid", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "0";
        var index = root.TryGetProperty("sdpMLineIndex", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : 0;
        signals.Deliver(new RtcIceCandidateInit(root.GetProperty("candidate").GetString() ?? string.Empty, mid, index));
        return true;
    }

    private sealed class LinkSignals
    {
        private readonly Lock _gate = new();
        private readonly List<RtcIceCandidateInit> _pending = [];
        private RtcPeerConnection? _managed;

        public void Attach(RtcPeerConnection managed)
        {
            RtcIceCandidateInit[] pending;
            lock (_gate)
            {
                _managed = managed;
                pending = [.. _pending];
                _pending.Clear();
            }

            foreach (var candidate in pending)
            {
                _ = managed.AddIceCandidateAsync(candidate);
            }
        }

        public void Deliver(RtcIceCandidateInit candidate)
        {
            RtcPeerConnection? managed;
            lock (_gate)
            {
                managed = _managed;
                if (managed is null)
                {
                    if (_pending.Count < MaxPending)
                    {
                        _pending.Add(candidate);
                    }

                    return;
                }
            }

            _ = managed.AddIceCandidateAsync(candidate);
        }
    }
}
