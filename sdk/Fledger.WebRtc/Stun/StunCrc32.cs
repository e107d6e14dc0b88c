namespace Fledger.WebRtc.Stun;

/// <summary>CRC-32 (ISO-HDLC, polynomial 0xEDB88320 reflected) as used by the STUN FINGERPRINT.</summary>
/// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8489#section-14.7">RFC 8489 §14.7</see>.</remarks>
internal static class StunCrc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
