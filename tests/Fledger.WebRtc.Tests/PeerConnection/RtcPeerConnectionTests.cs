using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Ice;
using Fledger.WebRtc.PeerConnection;
using Fledger.WebRtc.Sdp;

namespace Fledger.WebRtc.Tests.PeerConnection;

public sealed class RtcPeerConnectionTests
{
    [Fact]
    public async Task Negotiate_OnLoopback_BothConnectWithAnswererAsDtlsClient()
    {
        await using var pair = new PeerPair();

        await pair.ConnectAsync();

        Assert.Equal(DtlsRole.Server, pair.Offerer.DtlsRole);
        Assert.Equal(DtlsRole.Client, pair.Answerer.DtlsRole);
        Assert.Equal(RtcSignalingState.Stable, pair.Offerer.SignalingState);
        Assert.Equal(RtcSignalingState.Stable, pair.Answerer.SignalingState);
        var stats = pair.Offerer.GetStats();
        Assert.Equal(DtlsTransportState.Connected, stats.DtlsState);
        Assert.Equal(IceCandidateType.Host, stats.LocalCandidateType);
        Assert.NotNull(stats.RemoteAddress);
        Assert.True(System.Net.IPAddress.IsLoopback(stats.RemoteAddress!.Address));
        Assert.True(stats.BytesSent > 0 && stats.BytesReceived > 0);
    }

    [Fact]
    public async Task WarmUpAsync_ConfiguredPortRangeInUse_ConnectsOnEphemeralLoopbackPortsAndEchoes()
    {
        // The warm-up ignores the node's port range (it must not take the node's ports): here the one port is taken.
        using var taken = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        taken.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Any, 0));
        var port = ((System.Net.IPEndPoint)taken.LocalEndPoint!).Port;
        var configuration = new RtcConfiguration { PortMin = port, PortMax = port };

        Assert.True(await RtcPeerConnection.WarmUpAsync(configuration).WaitAsync(PeerPair.Timeout));
    }

    [Fact]
    public async Task WarmUpAsync_Cancelled_ReturnsFalse()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.False(await RtcPeerConnection.WarmUpAsync(PeerPair.Loopback, cancelled.Token).WaitAsync(PeerPair.Timeout));
    }

    [Fact]
    public async Task AddIceCandidate_EndOfCandidatesBeforeAndAfterRemoteDescription_IsAcceptedAndStillConnects()
    {
        await using var pair = new PeerPair();
        Assert.True(await pair.Answerer.AddIceCandidateAsync(new RtcIceCandidateInit(string.Empty, "0", 0))); // queued

        await pair.ConnectAsync();

        Assert.True(await pair.Offerer.AddIceCandidateAsync(new RtcIceCandidateInit(string.Empty, "0", 0)));
        Assert.Equal(RtcPeerConnectionState.Connected, pair.Offerer.ConnectionState);
        Assert.Equal(RtcPeerConnectionState.Connected, pair.Answerer.ConnectionState);
    }

    [Fact]
    public async Task Negotiate_TwentyPairsAtOnce_AllConnect()
    {
        var pairs = Enumerable.Range(0, 20).Select(_ => new PeerPair()).ToArray();
        try
        {
            await Task.WhenAll(pairs.Select(p => p.ConnectAsync())).WaitAsync(TimeSpan.FromSeconds(60));

            Assert.All(pairs, p => Assert.Equal(RtcPeerConnectionState.Connected, p.Offerer.ConnectionState));
            Assert.All(pairs, p => Assert.Equal(RtcPeerConnectionState.Connected, p.Answerer.ConnectionState));
        }
        finally
        {
            await Task.WhenAll(pairs.Select(p => p.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task AddIceCandidate_BeforeRemoteDescription_IsQueuedAndUsed()
    {
        await using var offerer = new RtcPeerConnection(PeerPair.Loopback);
        await using var answerer = new RtcPeerConnection(PeerPair.Loopback);
        var offererCandidates = new List<RtcIceCandidateInit>();
        var gathered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        offerer.IceCandidate += c =>
        {
            lock (offererCandidates)
            {
                offererCandidates.Add(c);
            }

            if (c.IsEndOfCandidates)
            {
                gathered.TrySetResult();
            }
        };
        answerer.IceCandidate += c => _ = offerer.AddIceCandidateAsync(c);
        var connected = PeerPair.WhenState(answerer, RtcPeerConnectionState.Connected);
        var offer = await offerer.CreateOfferAsync();
        Assert.Null(await offerer.SetLocalDescriptionAsync(offer));
        await gathered.Task.WaitAsync(PeerPair.Timeout);

        foreach (var candidate in offererCandidates)
        {
            Assert.True(await answerer.AddIceCandidateAsync(candidate));
        }

        Assert.Null(await answerer.SetRemoteDescriptionAsync(offer));
        var answer = await answerer.CreateAnswerAsync();
        Assert.Null(await answerer.SetLocalDescriptionAsync(answer));
        Assert.Null(await offerer.SetRemoteDescriptionAsync(answer));

        Assert.Equal(RtcPeerConnectionState.Connected, await connected.WaitAsync(PeerPair.Timeout));
        Assert.NotNull(answerer.GetStats().RoundTripTime);
    }

    [Fact]
    public void Constructor_InvalidConfiguration_Throws()
    {
        Assert.Throws<ArgumentException>(() => new RtcPeerConnection(new RtcConfiguration { MaxMessageSize = 0 }));
        Assert.Throws<ArgumentException>(() => new RtcPeerConnection(new RtcConfiguration { PortMin = 6000, PortMax = 5000 }));
        Assert.Throws<ArgumentException>(() => new RtcPeerConnection(new RtcConfiguration { Dtls = new DtlsTransportOptions { ResendTimeout = TimeSpan.Zero } }));
    }

    [Fact]
    public async Task AddIceCandidate_Garbage_IsRefused()
    {
        await using var pc = new RtcPeerConnection(PeerPair.Loopback);

        Assert.False(await pc.AddIceCandidateAsync(new RtcIceCandidateInit("candidate:garbage")));
        Assert.True(await pc.AddIceCandidateAsync(new RtcIceCandidateInit(string.Empty)));
    }

    [Fact]
    public async Task LocalDescription_AfterGathering_HasCandidatesAndEndOfCandidates()
    {
        await using var pair = new PeerPair();
        var endOfCandidates = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Offerer.IceCandidate += c =>
        {
            if (c.IsEndOfCandidates)
            {
                endOfCandidates.TrySetResult();
            }
        };

        await pair.ConnectAsync();
        await endOfCandidates.Task.WaitAsync(PeerPair.Timeout);

        Assert.Null(SdpSessionDescription.TryParse(pair.Offerer.LocalDescription!.Sdp, out var local));
        Assert.NotEmpty(local!.Application.Candidates);
        Assert.True(local.Application.EndOfCandidates);
        Assert.Equal(SdpSetupRole.ActPass, local.Application.Setup);
    }

    [Fact]
    public async Task Negotiate_AnswerWithWrongFingerprint_FailsOnBothSides()
    {
        await using var pair = new PeerPair();
        var offererFailed = PeerPair.WhenState(pair.Offerer, RtcPeerConnectionState.Failed, RtcPeerConnectionState.Closed);
        var answererFailed = PeerPair.WhenState(pair.Answerer, RtcPeerConnectionState.Failed, RtcPeerConnectionState.Closed);
        var stranger = DtlsCertificate.Generate(TimeProvider.System).Fingerprint.ToString();

        await pair.NegotiateAsync(sdp => sdp.Replace(pair.Answerer.LocalFingerprint.ToString(), stranger, StringComparison.Ordinal));

        Assert.Equal(RtcPeerConnectionState.Failed, await offererFailed.WaitAsync(PeerPair.Timeout));
        Assert.Equal(RtcPeerConnectionState.Failed, await answererFailed.WaitAsync(PeerPair.Timeout));
        Assert.False(pair.OffererConnected.IsCompleted);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CloseAsync_EitherSide_BothEndClosed(bool offererCloses)
    {
        await using var pair = new PeerPair();
        await pair.ConnectAsync();
        var closing = offererCloses ? pair.Offerer : pair.Answerer;
        var other = offererCloses ? pair.Answerer : pair.Offerer;
        var otherClosed = PeerPair.WhenState(other, RtcPeerConnectionState.Closed);

        await closing.CloseAsync();

        Assert.Equal(RtcPeerConnectionState.Closed, closing.ConnectionState);
        Assert.Equal(RtcPeerConnectionState.Closed, await otherClosed.WaitAsync(PeerPair.Timeout));
    }

    [Fact]
    public async Task SetRemoteDescription_GarbageOrWrongState_ReturnsTypedErrors()
    {
        await using var pc = new RtcPeerConnection(PeerPair.Loopback);

        var garbage = await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Offer, "v=0\r\nnonsense"));
        var answerFirst = await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, Sdp.ChromiumSdp.Answer));

        Assert.Equal(RtcDescriptionErrorCode.InvalidSdp, garbage?.Code);
        Assert.Equal(RtcDescriptionErrorCode.WrongState, answerFirst?.Code);
        Assert.Equal(RtcSignalingState.Stable, pc.SignalingState);
    }

    [Fact]
    public async Task SetRemoteDescription_ChromiumOffer_AnswerIsActiveAndEchoesMid()
    {
        await using var pc = new RtcPeerConnection(PeerPair.Loopback);

        Assert.Null(await pc.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Offer, Sdp.ChromiumSdp.Offer)));
        var answer = await pc.CreateAnswerAsync();
        Assert.Null(await pc.SetLocalDescriptionAsync(answer));

        Assert.Null(SdpSessionDescription.TryParse(answer.Sdp, out var parsed));
        Assert.Equal(SdpSetupRole.Active, parsed!.Application.Setup);
        Assert.Equal("0", parsed.Application.Mid);
        Assert.Equal(RtcSignalingState.Stable, pc.SignalingState);
        Assert.Equal(DtlsRole.Client, pc.DtlsRole);
        Assert.Equal(262144, pc.RemoteMaxMessageSize);
    }

    [Fact]
    public async Task SetLocalDescription_ForeignSdp_IsRefused()
    {
        await using var pc = new RtcPeerConnection(PeerPair.Loopback);
        await pc.CreateOfferAsync();

        var error = await pc.SetLocalDescriptionAsync(new RtcSessionDescription(RtcSdpType.Offer, Sdp.ChromiumSdp.Offer));

        Assert.Equal(RtcDescriptionErrorCode.NotCreatedHere, error?.Code);
    }
}
