using System.Threading.Channels;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.PeerConnection;

namespace Fledger.WebRtc.Tests.PeerConnection;

/// <summary>Two peer connections on 127.0.0.1 with signaling wired in memory (offer/answer + trickle).</summary>
internal sealed class PeerPair : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    public PeerPair(RtcConfiguration? offererConfig = null, RtcConfiguration? answererConfig = null)
    {
        Offerer = new RtcPeerConnection(offererConfig ?? Loopback);
        Answerer = new RtcPeerConnection(answererConfig ?? Loopback);
        Offerer.IceCandidate += c => _ = Answerer.AddIceCandidateAsync(c);
        Answerer.IceCandidate += c => _ = Offerer.AddIceCandidateAsync(c);
        OffererConnected = WhenState(Offerer, RtcPeerConnectionState.Connected);
        AnswererConnected = WhenState(Answerer, RtcPeerConnectionState.Connected);
    }

    public static RtcConfiguration Loopback { get; } = new() { LoopbackOnly = true };

    public RtcPeerConnection Offerer { get; }

    public RtcPeerConnection Answerer { get; }

    public Task OffererConnected { get; }

    public Task AnswererConnected { get; }

    /// <summary>Runs offer/answer; trickle flows through the events.</summary>
    public async Task NegotiateAsync(Func<string, string>? mungeAnswer = null)
    {
        var offer = await Offerer.CreateOfferAsync();
        Assert.Null(await Offerer.SetLocalDescriptionAsync(offer));
        Assert.Null(await Answerer.SetRemoteDescriptionAsync(offer));
        var answer = await Answerer.CreateAnswerAsync();
        Assert.Null(await Answerer.SetLocalDescriptionAsync(answer));
        var sent = mungeAnswer is null ? answer : answer with { Sdp = mungeAnswer(answer.Sdp) };
        Assert.Null(await Offerer.SetRemoteDescriptionAsync(sent));
    }

    public async Task ConnectAsync()
    {
        await NegotiateAsync();
        await Task.WhenAll(OffererConnected, AnswererConnected).WaitAsync(Timeout);
    }

    /// <summary>Creates a DCEP channel on the offerer before negotiating, connects, and returns both open ends.</summary>
    public async Task<(RtcDataChannel Offerer, RtcDataChannel Answerer)> ConnectWithChannelAsync(string label = "data", RtcDataChannelInit? init = null)
    {
        var incoming = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        Answerer.DataChannel += c => incoming.TrySetResult(c);
        var local = Offerer.CreateDataChannelAsync(label, init);
        await ConnectAsync();
        var offererChannel = await local.WaitAsync(Timeout);
        await WhenOpen(offererChannel).WaitAsync(Timeout);
        var answererChannel = await incoming.Task.WaitAsync(Timeout);
        return (offererChannel, answererChannel);
    }

    public static Task WhenOpen(RtcDataChannel channel)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += _ => tcs.TrySetResult();
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            tcs.TrySetResult();
        }

        return tcs.Task;
    }

    public static Task WhenClosed(RtcDataChannel channel)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Closed += _ => tcs.TrySetResult();
        if (channel.ReadyState == RtcDataChannelState.Closed)
        {
            tcs.TrySetResult();
        }

        return tcs.Task;
    }

    /// <summary>Collects the messages a channel receives (copied) into an unbounded queue the test reads with timeouts.</summary>
    public static ChannelReader<DataChannelMessage> Inbox(RtcDataChannel channel)
    {
        var inbox = System.Threading.Channels.Channel.CreateUnbounded<DataChannelMessage>();
        channel.MessageReceived += (_, m) => inbox.Writer.TryWrite(m with { Data = m.Data.ToArray() });
        return inbox.Reader;
    }

    public static Task<RtcPeerConnectionState> WhenState(RtcPeerConnection pc, params RtcPeerConnectionState[] states)
    {
        var tcs = new TaskCompletionSource<RtcPeerConnectionState>(TaskCreationOptions.RunContinuationsAsynchronously);
        pc.ConnectionStateChanged += s =>
        {
            if (states.Contains(s))
            {
                tcs.TrySetResult(s);
            }
        };
        if (states.Contains(pc.ConnectionState))
        {
            tcs.TrySetResult(pc.ConnectionState);
        }

        return tcs.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await Offerer.DisposeAsync();
        await Answerer.DisposeAsync();
    }
}
