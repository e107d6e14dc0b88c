using Fledger.WebRtc.Dtls;

namespace Fledger.WebRtc.PeerConnection;

public sealed partial class RtcPeerConnection
{
    private Task StartUpperLayersAsync(DtlsTransport dtls) => Task.CompletedTask;

    private Task CloseUpperLayersAsync() => Task.CompletedTask;
}
