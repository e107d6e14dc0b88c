namespace Fledger.Interop.Tests.Peers;

/// <summary>
/// One side of a conformance test: the managed <c>RtcPeerConnection</c> or a Chromium
/// <c>RTCPeerConnection</c> driven through the browser harness. The test relays descriptions and
/// trickled candidates between two of them.
/// </summary>
public interface ITestPeer : IAsyncDisposable
{
    /// <summary>"managed" or "chromium".</summary>
    string Kind { get; }

    /// <summary>Local candidates as they are gathered (the test relays them).</summary>
    System.Threading.Channels.ChannelReader<TestCandidate> Candidates { get; }

    /// <summary>Creates an offer and sets it as the local description; returns its SDP.</summary>
    Task<string> CreateOfferAsync();

    /// <summary>Creates an answer and sets it as the local description; returns its SDP.</summary>
    Task<string> CreateAnswerAsync();

    /// <summary>Sets the remote description.</summary>
    Task SetRemoteDescriptionAsync(bool offer, string sdp);

    /// <summary>Adds one remote candidate.</summary>
    Task AddCandidateAsync(TestCandidate candidate);

    /// <summary>Completes when the connection state is connected.</summary>
    Task WaitConnectedAsync();

    /// <summary>Creates a data channel (DCEP, or negotiated with <paramref name="negotiatedId"/>).</summary>
    Task<ITestChannel> CreateChannelAsync(string label, int? negotiatedId = null);

    /// <summary>Completes with the next channel the remote side opened with DCEP.</summary>
    Task<ITestChannel> WaitIncomingChannelAsync();

    /// <summary>Current stats.</summary>
    Task<TestStats> GetStatsAsync();

    /// <summary>Closes the peer connection.</summary>
    Task CloseAsync();
}
