using Fledger.Net.Signaling;

namespace Fledger.Net.WebRtc;

/// <summary>
/// One WebRTC peer connection with one reliable, ordered data channel, as a platform provides it: the managed stack
/// natively, <c>RTCPeerConnection</c> in the browser. This is the only per-platform piece of the network layer:
/// the shared WebRTC broker handler drives it (offers, answers, trickle, queueing, glare, timeouts).
/// </summary>
public interface IWebRtcPeer : IAsyncDisposable
{
    /// <summary>Creates the data channel and an offer, sets it as local description and returns its SDP.</summary>
    Task<string> CreateOfferAsync(CancellationToken cancellationToken);

    /// <summary>Sets a remote offer, creates the answer, sets it as local description and returns its SDP.</summary>
    Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken);

    /// <summary>Sets the remote answer to our offer.</summary>
    Task AcceptAnswerAsync(string answerSdp, CancellationToken cancellationToken);

    /// <summary>Adds one trickled remote candidate (after the remote description is set).</summary>
    Task AddRemoteCandidateAsync(PeerSetup.Candidate candidate, CancellationToken cancellationToken);

    /// <summary>
    /// Sends one message on the data channel. Completes when the message is accepted into a bounded send buffer
    /// (waiting while the buffer is above its high-water mark: back-pressure).
    /// </summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>The largest message <see cref="SendAsync"/> accepts (the peer's max-message-size).</summary>
    int MaxMessageSize { get; }

    /// <summary>The current state and counters.</summary>
    Task<ConnectionStats> GetStatsAsync(CancellationToken cancellationToken);
}
