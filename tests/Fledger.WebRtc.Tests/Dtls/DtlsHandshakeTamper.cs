namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>Finds handshake messages in plaintext (epoch 0) DTLS records of a datagram, to tamper with them in flight.</summary>
internal static class DtlsHandshakeTamper
{
    public const byte ServerKeyExchange = 12;
    public const byte CertificateVerify = 15;
    public const byte ClientKeyExchange = 16;

    private const int RecordHeaderLength = 13;
    private const int HandshakeHeaderLength = 12;

    /// <summary>Calls <paramref name="tamper"/> with the body of every unfragmented handshake message of <paramref name="type"/>.</summary>
    /// <returns>Whether a message was found.</returns>
    public static bool Tamper(byte[] datagram, byte type, Action<Memory<byte>> tamper)
    {
        var found = false;
        var offset = 0;
        while (offset + RecordHeaderLength <= datagram.Length)
        {
            var epoch = (datagram[offset + 3] << 8) | datagram[offset + 4];
            var length = (datagram[offset + 11] << 8) | datagram[offset + 12];
            var body = offset + RecordHeaderLength;
            if (body + length > datagram.Length)
            {
                break;
            }

            if (datagram[offset] == 22 && epoch == 0)
            {
                found |= TamperRecord(datagram.AsMemory(body, length), type, tamper);
            }

            offset = body + length;
        }

        return found;
    }

    private static bool TamperRecord(Memory<byte> record, byte type, Action<Memory<byte>> tamper)
    {
        var found = false;
        var span = record.Span;
        var offset = 0;
        while (offset + HandshakeHeaderLength <= span.Length)
        {
            var messageLength = Read24(span[(offset + 1)..]);
            var fragmentOffset = Read24(span[(offset + 6)..]);
            var fragmentLength = Read24(span[(offset + 9)..]);
            var body = offset + HandshakeHeaderLength;
            if (body + fragmentLength > span.Length)
            {
                break;
            }

            if (span[offset] == type && fragmentOffset == 0 && fragmentLength == messageLength)
            {
                tamper(record.Slice(body, fragmentLength));
                found = true;
            }

            offset = body + fragmentLength;
        }

        return found;
    }

    private static int Read24(ReadOnlySpan<byte> bytes) => (bytes[0] << 16) | (bytes[1] << 8) | bytes[2];
}
