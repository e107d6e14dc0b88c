using System.Buffers;
using System.Runtime.InteropServices;

namespace Fledger.WebRtc.Sctp;

/// <summary>
/// Buffers for packets and received DATA payloads. A dedicated pool with deep buckets: a full congestion
/// window of packets in flight would drain <see cref="ArrayPool{T}.Shared"/>'s small per-core caches.
/// </summary>
internal static class SctpBufferPool
{
    public static readonly ArrayPool<byte> Packets = ArrayPool<byte>.Create(SctpPacket.MaxPacketSize + 1, 4096);

    /// <summary>Returns the rented array behind a pooled DATA payload.</summary>
    public static void ReturnPayload(DataChunk chunk)
    {
        if (MemoryMarshal.TryGetArray(chunk.UserData, out var segment) && segment.Array is { Length: > 0 } array)
        {
            Packets.Return(array);
        }
    }
}
