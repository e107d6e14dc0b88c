using System.Buffers.Binary;
using System.Numerics;

namespace Fledger.WebRtc.Sctp;

/// <summary>CRC32c (Castagnoli), as SCTP uses it.</summary>
/// <remarks>RFC 9260 §6.8 and Appendix A. Hardware-accelerated through <see cref="BitOperations.Crc32C(uint, ulong)"/>.</remarks>
internal static class Crc32C
{
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return crc;
    }

    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(~0u, data);

    /// <summary>The checksum of an SCTP packet, computed as if its checksum field (bytes 8..11) were zero.</summary>
    public static uint ComputePacket(ReadOnlySpan<byte> packet)
    {
        var crc = Append(~0u, packet[..8]);
        crc = BitOperations.Crc32C(crc, 0u);
        return ~Append(crc, packet[12..]);
    }
}
