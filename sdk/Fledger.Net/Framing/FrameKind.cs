namespace Fledger.Net.Framing;

/// <summary>The kind byte of a frame.</summary>
public enum FrameKind : byte
{
    /// <summary>A whole message: module name and payload.</summary>
    Single = 0,

    /// <summary>One chunk of a message larger than one data-channel message.</summary>
    Chunk = 1,
}
