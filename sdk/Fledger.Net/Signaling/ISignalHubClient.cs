namespace Fledger.Net.Signaling;

/// <summary>
/// The messages the signaling server sends to a node (SignalR client methods). Node ids travel as
/// 64-character hex strings and NodeInfos as their canonical encoding (base64 in JSON), so a receiver
/// parses them with <c>TryParse</c>/<c>TryDecode</c> and never fails inside the transport.
/// </summary>
public interface ISignalHubClient
{
    /// <summary>A fresh single-use challenge: sent on connect and after every announce attempt.</summary>
    Task Challenge(int protocolVersion, byte[] nonce);

    /// <summary>The announce succeeded; <paramref name="nodeId"/> is the id derived from the key.</summary>
    Task Announced(string nodeId);

    /// <summary>Answer to ListNodes: a bounded random sample of announced nodes (canonical encodings).</summary>
    Task NodeList(byte[][] nodes);

    /// <summary>A node announced (sent to a bounded random subset of nodes).</summary>
    Task NodeJoined(byte[] node);

    /// <summary>A node left (sent to a bounded random subset of nodes).</summary>
    Task NodeLeft(string nodeId);

    /// <summary>A relayed peer setup; <paramref name="from"/> is set by the server from the sender's authenticated connection.</summary>
    Task PeerSetup(string from, PeerSetupWire setup);

    /// <summary>A request was refused.</summary>
    Task Error(SignalErrorCode code, string detail);
}
