using System.Text;

namespace Fledger.Net.Signaling;

/// <summary>
/// Constants of the Fledger signaling protocol (version 1) shared by the server and the client.
/// The full protocol is described in <c>docs/signaling.md</c>.
/// </summary>
public static class SignalProtocol
{
    /// <summary>The protocol version this code speaks.</summary>
    public const int Version = 1;

    /// <summary>Path of the SignalR hub.</summary>
    public const string HubPath = "/signal";

    /// <summary>Length of a challenge nonce in bytes.</summary>
    public const int NonceLength = 32;

    /// <summary>Domain separator prefixed to every signed announce message.</summary>
    public const string DomainSeparator = "fledger-signal-v1";

    /// <summary>Hub method names the client invokes on the server.</summary>
    public static class ServerMethods
    {
        /// <summary><c>Announce(int protocolVersion, byte[] nonce, byte[] nodeInfo, byte[] signature)</c>.</summary>
        public const string Announce = "Announce";

        /// <summary><c>ListNodes(int max)</c>.</summary>
        public const string ListNodes = "ListNodes";

        /// <summary><c>Relay(string to, PeerSetupWire setup)</c>.</summary>
        public const string Relay = "Relay";
    }

    /// <summary>
    /// The bytes a node signs to answer a challenge:
    /// <c>UTF-8("fledger-signal-v1") || nonce || canonical NodeInfo encoding</c>.
    /// The domain separator keeps the signature from being valid in any other context;
    /// the nonce binds it to one connection and one moment; the NodeInfo binds the key to the announced data.
    /// </summary>
    public static byte[] BuildAnnounceMessage(ReadOnlySpan<byte> nonce, ReadOnlySpan<byte> nodeInfo)
    {
        var prefixLength = Encoding.ASCII.GetByteCount(DomainSeparator);
        var message = new byte[prefixLength + nonce.Length + nodeInfo.Length];
        Encoding.ASCII.GetBytes(DomainSeparator, message);
        nonce.CopyTo(message.AsSpan(prefixLength));
        nodeInfo.CopyTo(message.AsSpan(prefixLength + nonce.Length));
        return message;
    }
}
