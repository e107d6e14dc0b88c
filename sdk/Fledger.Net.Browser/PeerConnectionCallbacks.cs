using Microsoft.JSInterop;

namespace Fledger.Net.Browser;

/// <summary>The object behind the DotNetObjectReference the JS module calls back into.</summary>
/// <remarks>Method names match the module's <c>notify(sink, name, ...)</c> calls.</remarks>
internal sealed class PeerConnectionCallbacks(BrowserPeerConnection peer)
{
    [JSInvokable]
    public void OnIceCandidate(IceCandidateInit candidate) => peer.OnIceCandidate(candidate);

    [JSInvokable]
    public void OnIceGatheringComplete() => peer.OnIceGatheringComplete();

    [JSInvokable]
    public void OnConnectionStateChange(string state) => peer.OnConnectionStateChange(state);

    [JSInvokable]
    public void OnIceConnectionStateChange(string state) => peer.OnIceConnectionStateChange(state);

    [JSInvokable]
    public void OnDataChannel(DataChannelInfo info) => peer.OnDataChannel(info);

    [JSInvokable]
    public void OnChannelOpen(int channel) => peer.FindChannel(channel)?.OnOpened();

    [JSInvokable]
    public void OnChannelClose(int channel)
    {
        peer.FindChannel(channel)?.OnClosed();
        peer.ForgetChannel(channel);
    }

    [JSInvokable]
    public void OnChannelError(int channel, string error) => peer.FindChannel(channel)?.OnError(error);

    [JSInvokable]
    public void OnBufferedAmountLow(int channel) => peer.FindChannel(channel)?.OnBufferedAmountLow();

    [JSInvokable]
    public void OnTextMessage(int channel, string text) =>
        peer.FindChannel(channel)?.OnMessage(new DataChannelMessage(text, ReadOnlyMemory<byte>.Empty));

    [JSInvokable]
    public void OnBinaryMessage(int channel, byte[] data) =>
        peer.FindChannel(channel)?.OnMessage(new DataChannelMessage(null, data));
}
