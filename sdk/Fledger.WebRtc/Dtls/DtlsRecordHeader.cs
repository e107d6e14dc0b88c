using System.Buffers.Binary;

namespace Fledger.WebRtc.Dtls;

/// <summary>A parsed DTLS record header (13 bytes, or 13 + connection-id length for <c>tls12_cid</c>).</summary>
/// <remarks>
/// RFC 6347 §4.1: type(1) version(2) epoch(2) sequence_number(6) length(2) fragment.
/// Used to demultiplex and sanity-check datagrams before they reach the DTLS engine; the length field
/// is checked against the bytes actually present.
/// </remarks>
public readonly record struct DtlsRecordHeader(
    DtlsContentType ContentType,
    ushort Version,
    ushort Epoch,
    long SequenceNumber,
    int Length,
    int HeaderLength)
{
    /// <summary>Size of the fixed header.</summary>
    public const int Size = 13;

    /// <summary>Largest allowed record body (2^14 plaintext + 2048 expansion).</summary>
    public const int MaxLength = (1 << 14) + 2048;

    /// <summary>DTLS 1.0 version on the wire (ClientHello records may carry it).</summary>
    public const ushort Dtls10 = 0xFEFF;

    /// <summary>DTLS 1.2 version on the wire.</summary>
    public const ushort Dtls12 = 0xFEFD;

    /// <summary>Total bytes of this record (header + body).</summary>
    public int TotalLength => HeaderLength + Length;

    /// <summary>Parses the first record header in <paramref name="data"/>; never throws.</summary>
    /// <param name="data">Bytes starting at a record boundary.</param>
    /// <param name="header">The header when the result is <see cref="DtlsRecordError.None"/>.</param>
    /// <param name="connectionIdLength">Length of a negotiated connection id (0: none negotiated).</param>
    public static DtlsRecordError TryParse(ReadOnlySpan<byte> data, out DtlsRecordHeader header, int connectionIdLength = 0)
    {
        header = default;
        if (data.Length < Size)
        {
            return DtlsRecordError.TooShort;
        }

        var type = data[0];
        if (type is < 20 or > 25 or 24)
        {
            return DtlsRecordError.UnknownContentType;
        }

        var version = BinaryPrimitives.ReadUInt16BigEndian(data[1..]);
        if (version is not (Dtls10 or Dtls12))
        {
            return DtlsRecordError.UnsupportedVersion;
        }

        var epoch = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
        long sequence = ((long)BinaryPrimitives.ReadUInt16BigEndian(data[5..]) << 32) | BinaryPrimitives.ReadUInt32BigEndian(data[7..]);
        var cid = type == (byte)DtlsContentType.ConnectionId ? connectionIdLength : 0;
        if (cid < 0 || cid > 255)
        {
            return DtlsRecordError.UnknownContentType;
        }

        var headerLength = Size + cid;
        if (data.Length < headerLength)
        {
            return DtlsRecordError.TooShort;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[(headerLength - 2)..]);
        if (length > MaxLength)
        {
            return DtlsRecordError.LengthTooLarge;
        }

        if (length > data.Length - headerLength)
        {
            return DtlsRecordError.Truncated;
        }

        if (epoch == 0 && type is not ((byte)DtlsContentType.Handshake or (byte)DtlsContentType.Alert or (byte)DtlsContentType.ChangeCipherSpec))
        {
            return DtlsRecordError.PlaintextNotAllowed;
        }

        header = new DtlsRecordHeader((DtlsContentType)type, version, epoch, sequence, length, headerLength);
        return DtlsRecordError.None;
    }

    /// <summary>
    /// Checks that a datagram is a sequence of well-formed DTLS records covering it exactly (RFC 6347 §4.1.1:
    /// several records may share one datagram). Never throws.
    /// </summary>
    /// <param name="datagram">The whole datagram.</param>
    /// <param name="recordCount">Number of records found when valid.</param>
    /// <param name="connectionIdLength">Length of a negotiated connection id (0: none negotiated).</param>
    public static DtlsRecordError ValidateDatagram(ReadOnlySpan<byte> datagram, out int recordCount, int connectionIdLength = 0)
    {
        recordCount = 0;
        if (datagram.IsEmpty)
        {
            return DtlsRecordError.TooShort;
        }

        while (!datagram.IsEmpty)
        {
            var error = TryParse(datagram, out var header, connectionIdLength);
            if (error != DtlsRecordError.None)
            {
                recordCount = 0;
                return error;
            }

            recordCount++;
            datagram = datagram[header.TotalLength..];
        }

        return DtlsRecordError.None;
    }
}
