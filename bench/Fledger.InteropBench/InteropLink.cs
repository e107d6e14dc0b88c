using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Playwright;

namespace Fledger.InteropBench;

/// <summary>
/// One managed <see cref="RtcPeerConnection"/> connected to one Chromium peer of the interop page, with a
/// data channel open on both sides. Signaling (descriptions, trickled candidates) is relayed here.
/// </summary>
internal sealed class InteropLink : IAsyncDisposable
{
    /// <summary>The veth address of scripts/in-netns.sh.</summary>
    private static readonly IPAddress NamespaceAddress = IPAddress.Parse("10.200.0.1");
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly IPage _page;
    private readonly PageSignals _signals;
    private readonly Channel<string> _toChromium = Channel.CreateUnbounded<string>();
    private readonly Task _relay;
    private long _received;
    private long _target = long.MaxValue;
    private TaskCompletionSource _receivedAll = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private InteropLink(IPage page, PageSignals signals, int chromiumPeer)
    {
        _page = page;
        _signals = signals;
        ChromiumPeer = chromiumPeer;
        Managed = new RtcPeerConnection(new RtcConfiguration { InterfaceFilter = (_, a) => a.Equals(NamespaceAddress) });
        // Every candidate, and end-of-candidates as the empty candidate (the page adds it with addIceCandidate()).
        Managed.IceCandidate += c => _toChromium.Writer.TryWrite(
            JsonSerializer.Serialize(new { candidate = c.IsEndOfCandidates ? string.Empty : c.Candidate, sdpMid = c.SdpMid, sdpMLineIndex = c.SdpMLineIndex }));
        _relay = RelayAsync();
    }

    public RtcPeerConnection Managed { get; }

    public int ChromiumPeer { get; }

    public RtcDataChannel ManagedChannel { get; private set; } = null!;

    public int ChromiumChannel { get; private set; }

    /// <summary>Connects a new managed peer to a new Chromium peer in <paramref name="page"/>; returns it with the elapsed time.</summary>
    public static async Task<(InteropLink Link, TimeSpan Setup)> ConnectAsync(IPage page, PageSignals signals, bool managedOffers)
    {
        var clock = Stopwatch.StartNew();
        var link = new InteropLink(page, signals, await page.EvaluateAsync<int>("() => ib.createPeer()"));
        signals.Register(link.ChromiumPeer, link.Managed);
        try
        {
            var incoming = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
            link.Managed.DataChannel += c => incoming.TrySetResult(c);
            if (managedOffers)
            {
                // Three Playwright round trips: create the peer, accept the offer (answer back), wait until open.
                var created = link.Managed.CreateDataChannelAsync("bench");
                var offer = await link.Managed.CreateOfferAsync();
                Check(await link.Managed.SetLocalDescriptionAsync(offer));
                var answer = await link.EvalAsync<JsonElement>("a => ib.acceptOffer(a)", new object[] { link.ChromiumPeer, Json("offer", offer.Sdp) });
                Check(await link.Managed.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, answer.GetProperty("sdp").GetString()!)));
                link.ManagedChannel = await created.WaitAsync(StepTimeout);
                link.ChromiumChannel = await link.EvalAsync<int>("p => ib.waitIncomingOpen(p)", link.ChromiumPeer);
            }
            else
            {
                // Four: create the peer, channel + offer, set the answer, wait until open.
                var offer = await link.EvalAsync<JsonElement>("p => ib.offerWithChannel(p)", link.ChromiumPeer);
                link.ChromiumChannel = offer.GetProperty("channel").GetInt32();
                Check(await link.Managed.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Offer, offer.GetProperty("sdp").GetString()!)));
                var answer = await link.Managed.CreateAnswerAsync();
                Check(await link.Managed.SetLocalDescriptionAsync(answer));
                await link.EvalAsync<JsonElement?>("a => ib.setRemote(a)", new object[] { link.ChromiumPeer, Json("answer", answer.Sdp) });
                link.ManagedChannel = await incoming.Task.WaitAsync(StepTimeout);
            }

            await link.WaitManagedOpenAsync();
            if (!managedOffers)
            {
                await link.EvalAsync<bool>("c => ib.waitOpen(c)", link.ChromiumChannel);
            }
            link.ManagedChannel.MessageReceived += (_, m) => link.OnReceived(m.Data.Length);
            return (link, clock.Elapsed);
        }
        catch
        {
            await link.DisposeAsync();
            throw;
        }
    }

    /// <summary>Counts managed-side received bytes from now; the task completes once <paramref name="totalBytes"/> arrived.</summary>
    public Task ArmManagedReceive(long totalBytes)
    {
        _receivedAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _received, 0);
        Interlocked.Exchange(ref _target, totalBytes);
        return _receivedAll.Task;
    }

    public Task<T> EvalAsync<T>(string expression, object? arg = null) =>
        _page.EvaluateAsync<T>(expression, arg).WaitAsync(StepTimeout);

    public async ValueTask DisposeAsync()
    {
        _toChromium.Writer.TryComplete();
        _signals.Unregister(ChromiumPeer);
        await Managed.DisposeAsync();
        try
        {
            await _page.EvaluateAsync("p => ib.closePeer(p)", ChromiumPeer);
        }
        catch (PlaywrightException)
        {
            // The page is gone already.
        }
        await _relay.WaitAsync(StepTimeout);
    }

    private void OnReceived(int bytes)
    {
        if (Interlocked.Add(ref _received, bytes) >= Interlocked.Read(ref _target))
        {
            _receivedAll.TrySetResult();
        }
    }

    private Task WaitManagedOpenAsync()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ManagedChannel.Opened += _ => open.TrySetResult();
        if (ManagedChannel.ReadyState == RtcDataChannelState.Open)
        {
            open.TrySetResult();
        }
        return open.Task.WaitAsync(StepTimeout);
    }

    private async Task RelayAsync()
    {
        await foreach (var json in _toChromium.Reader.ReadAllAsync())
        {
            try
            {
                await EvalAsync<JsonElement?>("a => ib.addCandidate(a)", new object[] { ChromiumPeer, json });
            }
            catch (PlaywrightException)
            {
                // The Chromium peer closed while candidates still trickled.
            }
        }
    }

    private static string Json(string type, string sdp) => JsonSerializer.Serialize(new { type, sdp });

    private static void Check(RtcDescriptionError? error)
    {
        if (error is not null)
        {
            throw new InvalidOperationException($"Description refused: {error}");
        }
    }
}
