namespace Fledger.Core.Identity;

/// <summary>What kind of program a node runs in. Encoded as one byte in <see cref="NodeInfo"/>.</summary>
public enum ClientKind : byte
{
    /// <summary>Command-line node (managed WebRTC stack).</summary>
    Cli = 1,

    /// <summary>Browser node (Blazor WebAssembly, the browser's RTCPeerConnection).</summary>
    Browser = 2,

    /// <summary>A long-running server-side node.</summary>
    Server = 3,

    /// <summary>A test or benchmark client.</summary>
    Test = 4,
}
