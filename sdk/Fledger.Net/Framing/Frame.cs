namespace Fledger.Net.Framing;

/// <summary>
/// One parsed frame. For <see cref="FrameKind.Single"/>, <see cref="Module"/> and <see cref="Payload"/> are set; for
/// <see cref="FrameKind.Chunk"/>, the chunk fields and <see cref="Data"/> (a slice of the received buffer) are set.
/// </summary>
/// <param name="Kind">The frame kind.</param>
/// <param name="Module">The module name of a single frame, else empty.</param>
/// <param name="Payload">The payload of a single frame (a slice of the received buffer).</param>
/// <param name="MessageId">The sender's id of the chunked message.</param>
/// <param name="Index">The chunk index (0-based).</param>
/// <param name="Count">The number of chunks of the message.</param>
/// <param name="TotalLength">The length of the reassembled body (module header and payload).</param>
/// <param name="Data">The chunk's slice of the body.</param>
public readonly record struct Frame(
    FrameKind Kind,
    string Module,
    ReadOnlyMemory<byte> Payload,
    uint MessageId,
    int Index,
    int Count,
    int TotalLength,
    ReadOnlyMemory<byte> Data);
