using System.Net;
using System.Threading.Channels;
using Fledger.Browser.Tests.Infrastructure;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.Ice;
using Fledger.WebRtc.PeerConnection;

namespace Fledger.Interop.Tests.Peers;

/// <summary>The managed <see cref="RtcPeerConnection"/>, bound to the test namespace's veth address.</summary>
public sealed class ManagedTestPeer : ITestPeer
{
    /// <summary>The veth address of scripts/in-netns.sh: Chromium never uses loopback.</summary>
    public static readonly IPAddress NamespaceAddress = IPAddress.Parse("10.200.0.1");

    private readonly Channel<TestCandidate> _candidates = Channel.CreateUnbounded<TestCandidate>();
    private readonly Channel<ManagedTestChannel> _incoming = Channel.CreateUnbounded<ManagedTestChannel>();
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the peer connection (nothing is bound until a description is set).</summary>
    public ManagedTestPeer(RtcConfiguration? configuration = null)
    {
        Connection = new RtcPeerConnection(configuration ?? new RtcConfiguration
        {
            InterfaceFilter = (_, address) => address.Equals(NamespaceAddress),
        });
        Connection.IceCandidate += c =>
        {
            if (!c.IsEndOfCandidates)
            {
                _candidates.Writer.TryWrite(new TestCandidate(c.Candidate, c.SdpMid, c.SdpMLineIndex));
            }
        };
        Connection.ConnectionStateChanged += state =>
        {
            if (state == RtcPeerConnectionState.Connected)
            {
                _connected.TrySetResult();
            }
            else if (state is RtcPeerConnectionState.Closed or RtcPeerConnectionState.Failed)
            {
                _closed.TrySetResult();
            }
        };
        Connection.DataChannel += channel => _incoming.Writer.TryWrite(new ManagedTestChannel(channel));
    }

    /// <summary>The wrapped connection.</summary>
    public RtcPeerConnection Connection { get; }

    /// <inheritdoc />
    public string Kind => "managed";

    /// <inheritdoc />
    public ChannelReader<TestCandidate> Candidates => _candidates.Reader;

    /// <summary>Completes when the connection reaches closed or failed (locally or because the peer closed).</summary>
    public Task WaitClosedAsync() => _closed.Task.WaitAsync(WebRtcPagePair.StepTimeout);

    /// <inheritdoc />
    public async Task<string> CreateOfferAsync()
    {
        var offer = await Connection.CreateOfferAsync().WaitAsync(WebRtcPagePair.StepTimeout);
        Assert.Null(await Connection.SetLocalDescriptionAsync(offer).WaitAsync(WebRtcPagePair.StepTimeout));
        return offer.Sdp;
    }

    /// <inheritdoc />
    public async Task<string> CreateAnswerAsync()
    {
        var answer = await Connection.CreateAnswerAsync().WaitAsync(WebRtcPagePair.StepTimeout);
        Assert.Null(await Connection.SetLocalDescriptionAsync(answer).WaitAsync(WebRtcPagePair.StepTimeout));
        return answer.Sdp;
    }

    /// <inheritdoc />
    public async Task SetRemoteDescriptionAsync(bool offer, string sdp)
    {
        var error = await Connection.SetRemoteDescriptionAsync(new RtcSessionDescription(offer ? RtcSdpType.Offer : RtcSdpType.Answer, sdp)).WaitAsync(WebRtcPagePair.StepTimeout);
        Assert.True(error is null, $"Remote description refused: {error}\n{sdp}");
    }

    /// <inheritdoc />
    public Task AddCandidateAsync(TestCandidate candidate) =>
        Connection.AddIceCandidateAsync(new RtcIceCandidateInit(candidate.Candidate, candidate.SdpMid, candidate.SdpMLineIndex)).WaitAsync(WebRtcPagePair.StepTimeout);

    /// <inheritdoc />
    public Task WaitConnectedAsync()
    {
        if (Connection.ConnectionState == RtcPeerConnectionState.Connected)
        {
            _connected.TrySetResult();
        }
        return _connected.Task.WaitAsync(WebRtcPagePair.StepTimeout);
    }

    /// <inheritdoc />
    public async Task<ITestChannel> CreateChannelAsync(string label, int? negotiatedId = null)
    {
        var init = negotiatedId is null ? new RtcDataChannelInit() : new RtcDataChannelInit { Negotiated = true, Id = (ushort)negotiatedId.Value };
        return new ManagedTestChannel(await Connection.CreateDataChannelAsync(label, init).WaitAsync(WebRtcPagePair.StepTimeout));
    }

    /// <inheritdoc />
    public async Task<ITestChannel> WaitIncomingChannelAsync() =>
        await _incoming.Reader.ReadAsync().AsTask().WaitAsync(WebRtcPagePair.StepTimeout);

    /// <inheritdoc />
    public Task<TestStats> GetStatsAsync()
    {
        var s = Connection.GetStats();
        return Task.FromResult(new TestStats(s.ConnectionState.ToString().ToLowerInvariant(), Name(s.LocalCandidateType),
            Name(s.RemoteCandidateType), s.BytesSent, s.BytesReceived));
    }

    /// <inheritdoc />
    public async Task CloseAsync() => await Connection.CloseAsync().AsTask().WaitAsync(WebRtcPagePair.StepTimeout);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _candidates.Writer.TryComplete();
        await Connection.DisposeAsync().AsTask().WaitAsync(WebRtcPagePair.StepTimeout);
    }

    private static string? Name(IceCandidateType? type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        IceCandidateType.Relay => "relay",
        _ => null,
    };
}
