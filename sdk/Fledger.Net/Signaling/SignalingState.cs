namespace Fledger.Net.Signaling;

/// <summary>Connection state of the signaling client.</summary>
public enum SignalingState
{
    /// <summary>Not connected and not trying.</summary>
    Disconnected,

    /// <summary>Opening the connection (first attempt or a reconnect).</summary>
    Connecting,

    /// <summary>Connected, not (yet) announced.</summary>
    Connected,

    /// <summary>Connected and announced.</summary>
    Announced,
}
