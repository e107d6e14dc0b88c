using Fledger.Broker;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.Net.WebRtc;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Net.Network;

/// <summary>
/// The network layer of one node: the network broker (<see cref="Network"/>, what modules and the Node use), the
/// WebRTC broker over a platform <see cref="IWebRtcPeerFactory"/>, and the caller's signaling broker, linked by
/// translators: peer setups flow between signaling and WebRTC directly; connection events, received data and
/// signaling events flow up into the network broker.
/// </summary>
public sealed class NetworkStack : IAsyncDisposable
{
    private readonly List<IDisposable> _links;
    private readonly WebRtcHandler _webRtcHandler;
    private readonly NetworkHandler _networkHandler;

    private NetworkStack(
        Broker<NetworkIn, NetworkOut> network,
        Broker<WebRtcIn, WebRtcOut> webRtc,
        Broker<SignalIn, SignalOut> signal,
        WebRtcHandler webRtcHandler,
        NetworkHandler networkHandler,
        List<IDisposable> links)
    {
        Network = network;
        WebRtc = webRtc;
        Signal = signal;
        _webRtcHandler = webRtcHandler;
        _networkHandler = networkHandler;
        _links = links;
    }

    /// <summary>The network broker: send <see cref="NetworkIn"/>, observe <see cref="NetworkOut"/>.</summary>
    public Broker<NetworkIn, NetworkOut> Network { get; }

    /// <summary>The WebRTC broker below it (for diagnostics; modules never use it).</summary>
    public Broker<WebRtcIn, WebRtcOut> WebRtc { get; }

    /// <summary>The signaling broker given to <see cref="Create"/> (owned by the caller).</summary>
    public Broker<SignalIn, SignalOut> Signal { get; }

    /// <summary>Counters of the network handler.</summary>
    public NetworkCounters Counters => _networkHandler.Counters;

    /// <summary>WebRTC connections open or opening.</summary>
    public int ConnectionCount => _webRtcHandler.ConnectionCount;

    /// <summary>
    /// Builds the network layer of node <paramref name="self"/> on <paramref name="signal"/> (a broker whose handler is
    /// the signaling client, or an in-memory relay in tests) and <paramref name="peerFactory"/> (the platform).
    /// </summary>
    public static NetworkStack Create(
        NodeId self,
        Broker<SignalIn, SignalOut> signal,
        IWebRtcPeerFactory peerFactory,
        NetworkOptions? options = null,
        TimeProvider? time = null,
        ILoggerFactory? loggerFactory = null,
        BrokerOptions? brokerOptions = null)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(peerFactory);
        options ??= NetworkOptions.Default;
        options.Validate();
        time ??= TimeProvider.System;
        loggerFactory ??= NullLoggerFactory.Instance;
        var brokerLogger = loggerFactory.CreateLogger<NetworkStack>();
        var webRtc = new Broker<WebRtcIn, WebRtcOut>("webrtc", brokerLogger, brokerOptions);
        var network = new Broker<NetworkIn, NetworkOut>("network", brokerLogger, brokerOptions);
        var webRtcHandler = WebRtcHandler.Attach(webRtc, self, peerFactory, options.WebRtc, time, loggerFactory.CreateLogger<WebRtcHandler>());
        var networkHandler = new NetworkHandler(self, network, webRtc, signal, options, time, loggerFactory.CreateLogger<NetworkHandler>())
        {
            FlowControl = webRtcHandler,
        };
        webRtcHandler.SendQueueDrained += peer => network.EnqueueInput(new SendWindowOpened(peer));
        var links = new List<IDisposable>
        {
            network.AddHandler(networkHandler),
            signal.ForwardOutputsToInputs(webRtc, ToWebRtc),
            webRtc.ForwardOutputsToInputs(signal, ToSignal),
            webRtc.ForwardOutputsToInputs(network, UpFromWebRtc),
            signal.ForwardOutputsToInputs(network, UpFromSignal),
        };
        return new NetworkStack(network, webRtc, signal, webRtcHandler, networkHandler, links);
    }

    /// <summary>Unlinks from the signaling broker, stops both brokers and closes every peer connection.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var link in _links)
        {
            link.Dispose();
        }

        await Network.DisposeAsync();
        await WebRtc.DisposeAsync();
        await _networkHandler.DisposeAsync();
        await _webRtcHandler.DisposeAsync();
    }

    private static WebRtcIn? ToWebRtc(SignalOut output)
        => output is SignalOut.PeerSetupReceived received ? new WebRtcIn.SetupReceived(received.From, received.Setup) : null;

    private static SignalIn? ToSignal(WebRtcOut output)
        => output is WebRtcOut.SetupToSend setup ? new SignalIn.Relay(setup.Peer, setup.Setup) : null;

    private static NetworkIn? UpFromWebRtc(WebRtcOut output)
        => output is WebRtcOut.SetupToSend ? null : new FromWebRtc(output);

    private static NetworkIn? UpFromSignal(SignalOut output)
        => output is SignalOut.Announced or SignalOut.Disconnected or SignalOut.NodeList or SignalOut.NodeJoined
            ? new FromSignal(output)
            : null;
}
