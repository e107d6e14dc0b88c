using System.Collections.Concurrent;
using System.Text.Json;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Playwright;

namespace Fledger.InteropBench;

/// <summary>
/// Routes the candidates one page pushes through <c>window.ibSignal(link, json)</c> (a Playwright binding: the page does
/// not wait for it) to whatever takes each link's candidates: a managed peer, or a Chromium peer in another page. A link
/// is opened before its Chromium peer exists, so candidates that arrive before the link is attached are kept (bounded)
/// and handed over, in order, on attach.
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

    /// <summary>From now on candidates (JSON of an RTCIceCandidateInit; empty candidate: end) of the link go to <paramref name="sink"/>.</summary>
    public void Attach(int link, Action<string> sink)
    {
        if (_links.TryGetValue(link, out var signals))
        {
            signals.Attach(sink);
        }
    }

    /// <summary>Candidates of the link go to <paramref name="managed"/>.</summary>
    public void Attach(int link, RtcPeerConnection managed) => Attach(link, json => _ = managed.AddIceCandidateAsync(Parse(json)));

    public void Close(int link) => _links.TryRemove(link, out _);

    private static RtcIceCandidateInit Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var mid = root.TryGetProperty("sdpMid", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "0";
        var index = root.TryGetProperty("sdpMLineIndex", out var i) && i.ValueKind == JsonValueKind.Number ? i.GetInt32() : 0;
        return new RtcIceCandidateInit(root.GetProperty("candidate").GetString() ?? string.Empty, mid, index);
    }

    private bool Deliver(int link, string json)
    {
        if (!_links.TryGetValue(link, out var signals))
        {
            return false;
        }

        signals.Deliver(json);
        return true;
    }

    private sealed class LinkSignals
    {
        private readonly Lock _gate = new();
        private readonly List<string> _pending = [];
        private Action<string>? _sink;

        public void Attach(Action<string> sink)
        {
            lock (_gate)
            {
                foreach (var json in _pending)
                {
                    sink(json);
                }

                _pending.Clear();
                _sink = sink;
            }
        }

        public void Deliver(string json)
        {
            lock (_gate)
            {
                if (_sink is null)
                {
                    if (_pending.Count < MaxPending)
                    {
                        _pending.Add(json);
                    }

                    return;
                }

                _sink(json);
            }
        }
    }
}
