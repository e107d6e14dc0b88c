using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;

namespace Fledger.Cli.Hosting;

/// <summary>
/// The peer factory of a build without a native WebRTC data-channel transport: every connection attempt fails at once
/// with <see cref="Reason"/>, so the network layer reports it and the node keeps running on signaling alone.
/// Replace it with the managed WebRTC peer factory once <c>Fledger.Net.Native</c> provides one.
/// </summary>
internal sealed class UnavailableWebRtcPeerFactory : IWebRtcPeerFactory
{
    /// <summary>Why peers cannot connect.</summary>
    public const string Reason = "this build of fledger has no native WebRTC data-channel transport";

    public IWebRtcPeer Create(NodeId remote, IWebRtcPeerEvents events) => new Peer(events);

    private sealed class Peer(IWebRtcPeerEvents events) : IWebRtcPeer
    {
        public int MaxMessageSize => 0;

        public Task<string> CreateOfferAsync(CancellationToken cancellationToken) => Fail<string>();

        public Task<string> AcceptOfferAsync(string offerSdp, CancellationToken cancellationToken) => Fail<string>();

        public Task AcceptAnswerAsync(string answerSdp, CancellationToken cancellationToken) => Fail<bool>();

        public Task AddRemoteCandidateAsync(PeerSetup.Candidate candidate, CancellationToken cancellationToken) => Task.CompletedTask;

        public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken) => ValueTask.FromException(new NotSupportedException(Reason));

        public Task<ConnectionStats> GetStatsAsync(CancellationToken cancellationToken)
            => Task.FromResult(ConnectionStats.None with { Connection = PeerConnectionState.Failed });

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private Task<T> Fail<T>()
        {
            events.OnStateChanged(PeerConnectionState.Failed);
            return Task.FromException<T>(new NotSupportedException(Reason));
        }
    }
}
