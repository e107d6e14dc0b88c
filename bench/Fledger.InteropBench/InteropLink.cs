using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Playwright;

namespace Fledger.InteropBench;

/// <summary>
/// One managed <see cref="RtcPeerConnection"/> connected to one Chromium peer of the interop page, with a
/// data channel open on both sides. Signaling is relayed here with the fewest sequential Playwright round trips:
/// one evaluation per description (the page creates its peer in the same call), the managed peer's candidates inside
/// its description (host candidates are gathered before <see cref="RtcPeerConnection.SetLocalDescriptionAsync"/>
/// returns, end-of-candidates included), Chromium's candidates pushed to .NET through a binding nothing waits for.
/// </summary>
internal sealed class InteropLink : IAsyncDisposable
{
    /// <summary>The veth address of scripts/in-netns.sh.</summary>
    private static readonly IPAddress NamespaceAddress = IPAddress.Parse("10.200.0.1");
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly IPage _page;
    private readonly PageSignals _signals;
    private readonly int _signalLink;
    private long _received;
    private long _target = long.MaxValue;
    private TaskCompletionSource _receivedAll = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private InteropLink(IPage page, PageSignals signals, int signalLink)
    {
        _page = page;
        _signals = signals;
        _signalLink = signalLink;
        CreatedWall = DateTime.UtcNow;
        Managed = new RtcPeerConnection(new RtcConfiguration { InterfaceFilter = (_, a) => a.Equals(NamespaceAddress) });
        signals.Attach(signalLink, Managed);
    }

    public RtcPeerConnection Managed { get; }

    /// <summary>System time when the managed peer was created (its phases count from here).</summary>
    public DateTime CreatedWall { get; }

    public int ChromiumPeer { get; private set; }

    public RtcDataChannel ManagedChannel { get; private set; } = null!;

    public int ChromiumChannel { get; private set; }

    /// <summary>When the managed side of the channel opened, since the setup started.</summary>
    public TimeSpan ManagedOpenAfter { get; private set; }

    /// <summary>When the Chromium side of the channel opened, since the setup started.</summary>
    public TimeSpan ChromiumOpenAfter { get; private set; }

    /// <summary>
    /// Connects a new managed peer to a new Chromium peer in <paramref name="page"/>; returns it with the setup time:
    /// from just before the offerer creates its peer (offer created) until the channel is open on both sides, as
    /// the in-page Chromium pair measures it. The offerer's clock starts it (managed offers: .NET; Chromium offers:
    /// the page), each side stamps its own channel's open event, all on the wall clock (<see cref="WallClock"/>).
    /// <list type="bullet">
    /// <item>managed offers: managed peer, channel, offer (with candidates), one evaluation in which the page creates
    /// its peer, applies the offer and returns the answer, the answer applied, both channels open.</item>
    /// <item>Chromium offers: page peer, channel and offer, the offer's return to .NET, managed peer, answer (with
    /// candidates), the evaluation carrying it to the page, both channels open.</item>
    /// </list>
    /// Either way the relay costs one Playwright round trip (about 1 ms) that the in-page Chromium pair does not pay.
    /// </summary>
    /// <remarks>
    /// <see cref="SetupTime.Signaling"/> is the part of the setup the description relay spent in transit (Playwright's
    /// round trip minus what ran in the page meanwhile), measured per setup from differences on one clock each:
    /// managed offers: (.NET evaluation time) − (page time from receiving the offer to returning the answer); Chromium
    /// offers: (page time from returning the offer to receiving the answer) − (.NET time between the two). The in-page
    /// Chromium pair has none of it.
    /// </remarks>
    public static async Task<(InteropLink Link, SetupTime Setup)> ConnectAsync(IPage page, PageSignals signals, bool managedOffers)
    {
        var signalLink = signals.Open();
        InteropLink? link = null;
        try
        {
            double start, managedOpen, chromiumOpen, signaling;
            if (managedOffers)
            {
                start = WallClock.NowMs();
                link = new InteropLink(page, signals, signalLink);
                var created = link.Managed.CreateDataChannelAsync("bench");
                Check(await link.Managed.SetLocalDescriptionAsync(await link.Managed.CreateOfferAsync()));
                var sent = WallClock.NowMs();
                var answer = await link.EvalAsync<JsonElement>("a => ib.answerOffer(a)", new object[] { signalLink, link.Managed.LocalDescription!.Sdp });
                signaling = (WallClock.NowMs() - sent) - (answer.GetProperty("returned").GetDouble() - answer.GetProperty("received").GetDouble());
                link.ChromiumPeer = answer.GetProperty("peer").GetInt32();
                Check(await link.Managed.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, answer.GetProperty("sdp").GetString()!)));
                link.ManagedChannel = await created.WaitAsync(StepTimeout);
                managedOpen = await link.WaitManagedOpenAsync();
                var incoming = await link.EvalAsync<JsonElement>("p => ib.waitIncomingOpen(p)", link.ChromiumPeer);
                link.ChromiumChannel = incoming.GetProperty("channel").GetInt32();
                chromiumOpen = incoming.GetProperty("openedAt").GetDouble();
            }
            else
            {
                var offer = await page.EvaluateAsync<JsonElement>("l => ib.offer(l)", signalLink).WaitAsync(StepTimeout);
                var offerArrived = WallClock.NowMs();
                start = offer.GetProperty("start").GetDouble();
                link = new InteropLink(page, signals, signalLink) { ChromiumPeer = offer.GetProperty("peer").GetInt32() };
                link.ChromiumChannel = offer.GetProperty("channel").GetInt32();
                var incoming = new TaskCompletionSource<(RtcDataChannel Channel, double At)>(TaskCreationOptions.RunContinuationsAsynchronously);
                // The managed side of a channel the peer opened is open when this event is raised.
                link.Managed.DataChannel += c => incoming.TrySetResult((c, WallClock.NowMs()));
                Check(await link.Managed.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Offer, offer.GetProperty("sdp").GetString()!)));
                Check(await link.Managed.SetLocalDescriptionAsync(await link.Managed.CreateAnswerAsync()));
                var answerSent = WallClock.NowMs();
                var answered = await link.EvalAsync<JsonElement>("a => ib.answered(a)", new object[] { link.ChromiumPeer, link.ChromiumChannel, link.Managed.LocalDescription!.Sdp });
                chromiumOpen = answered.GetProperty("openedAt").GetDouble();
                signaling = (answered.GetProperty("received").GetDouble() - offer.GetProperty("returned").GetDouble()) - (answerSent - offerArrived);
                (link.ManagedChannel, managedOpen) = await incoming.Task.WaitAsync(StepTimeout);
            }

            link.ManagedChannel.MessageReceived += (_, m) => link.OnReceived(m.Data.Length);
            link.ManagedOpenAfter = TimeSpan.FromMilliseconds(managedOpen - start);
            link.ChromiumOpenAfter = TimeSpan.FromMilliseconds(chromiumOpen - start);
            return (link, new SetupTime(TimeSpan.FromMilliseconds(Math.Max(managedOpen, chromiumOpen) - start), TimeSpan.FromMilliseconds(signaling)));
        }
        catch
        {
            if (link is not null)
            {
                await link.DisposeAsync();
            }
            else
            {
                signals.Close(signalLink);
            }

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
        _signals.Close(_signalLink);
        await Managed.DisposeAsync();
        if (ChromiumPeer != 0)
        {
            try
            {
                await _page.EvaluateAsync("p => ib.closePeer(p)", ChromiumPeer);
            }
            catch (PlaywrightException)
            {
                // The page is gone already.
            }
        }
    }

    private void OnReceived(int bytes)
    {
        if (Interlocked.Add(ref _received, bytes) >= Interlocked.Read(ref _target))
        {
            _receivedAll.TrySetResult();
        }
    }

    /// <summary>Completes with the wall-clock time taken in the channel's open event itself.</summary>
    private Task<double> WaitManagedOpenAsync()
    {
        var open = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        ManagedChannel.Opened += _ => open.TrySetResult(WallClock.NowMs());
        if (ManagedChannel.ReadyState == RtcDataChannelState.Open)
        {
            open.TrySetResult(WallClock.NowMs());
        }
        return open.Task.WaitAsync(StepTimeout);
    }

    private static void Check(RtcDescriptionError? error)
    {
        if (error is not null)
        {
            throw new InvalidOperationException($"Description refused: {error}");
        }
    }
}
