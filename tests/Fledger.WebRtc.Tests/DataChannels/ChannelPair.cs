using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.Sctp;
using Fledger.WebRtc.Tests.Sctp;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Tests.DataChannels;

/// <summary>Two connected associations with a <see cref="DataChannelManager"/> each (A is the DTLS client).</summary>
internal sealed class ChannelPair : IAsyncDisposable
{
    private ChannelPair(AssociationPair associations)
    {
        Associations = associations;
        A = new DataChannelManager(associations.A, isDtlsClient: true);
        B = new DataChannelManager(associations.B, isDtlsClient: false);
    }

    public AssociationPair Associations { get; }

    public DataChannelManager A { get; }

    public DataChannelManager B { get; }

    public static async Task<ChannelPair> ConnectAsync(SimulatedLinkOptions? link = null, SctpAssociationOptions? options = null)
    {
        var pair = new ChannelPair(AssociationPair.Create(link, options));
        await pair.Associations.Within(Task.WhenAll(pair.Associations.A.ConnectAsync(), pair.Associations.B.ConnectAsync()));
        return pair;
    }

    /// <summary>Creates a channel on A and waits until B has it open.</summary>
    public async Task<(RtcDataChannel Local, RtcDataChannel Remote)> OpenAsync(string label, RtcDataChannelInit? init = null, bool fromB = false)
    {
        var (creator, acceptor) = fromB ? (B, A) : (A, B);
        var remote = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnOpened(RtcDataChannel c) => remote.TrySetResult(c);
        acceptor.DataChannelOpened += OnOpened;
        var local = creator.CreateDataChannel(label, init);
        await Associations.Within(remote.Task);
        acceptor.DataChannelOpened -= OnOpened;
        return (local, remote.Task.Result);
    }

    public ValueTask DisposeAsync() => Associations.DisposeAsync();
}
