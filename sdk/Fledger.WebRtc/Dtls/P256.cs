using System.Security.Cryptography;

namespace Fledger.WebRtc.Dtls;

/// <summary>NIST P-256 (secp256r1) constants and strict encodings for the native (OpenSSL) EC operations of the handshake.</summary>
/// <remarks>SEC 1 v2 §2.3.3–2.3.4 (uncompressed point encoding), FIPS 186-4 §D.1.2.3 (curve P-256).</remarks>
internal static class P256
{
    /// <summary>Bytes of one coordinate or scalar.</summary>
    public const int FieldSize = 32;

    /// <summary>Bytes of an uncompressed point: 0x04 || X || Y.</summary>
    public const int UncompressedPointSize = 1 + (2 * FieldSize);

    /// <summary>The field prime p, big-endian.</summary>
    public static ReadOnlySpan<byte> Prime =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    ];

    /// <summary>The group order n, big-endian.</summary>
    public static ReadOnlySpan<byte> Order =>
    [
        0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17, 0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51,
    ];

    /// <summary>
    /// Reads an uncompressed point (only format allowed for TLS 1.2 ECDHE, RFC 8422 §5.1.2) with both coordinates
    /// below p. Whether the point is on the curve is checked by OpenSSL when it is imported.
    /// </summary>
    public static bool TryDecodeUncompressed(ReadOnlySpan<byte> encoding, out ECPoint point)
    {
        point = default;
        if (encoding.Length != UncompressedPointSize || encoding[0] != 0x04)
        {
            return false;
        }

        var x = encoding.Slice(1, FieldSize);
        var y = encoding.Slice(1 + FieldSize, FieldSize);
        if (x.SequenceCompareTo(Prime) >= 0 || y.SequenceCompareTo(Prime) >= 0)
        {
            return false;
        }

        point = new ECPoint { X = x.ToArray(), Y = y.ToArray() };
        return true;
    }

    /// <summary>Encodes a public point as 0x04 || X || Y.</summary>
    public static byte[] EncodeUncompressed(ECPoint point)
    {
        if (point.X is not { Length: FieldSize } x || point.Y is not { Length: FieldSize } y)
        {
            throw new CryptographicException("unexpected P-256 coordinate size");
        }

        var encoded = new byte[UncompressedPointSize];
        encoded[0] = 0x04;
        x.CopyTo(encoded, 1);
        y.CopyTo(encoded, 1 + FieldSize);
        return encoded;
    }

    /// <summary>Parameters of a public key on P-256 from its point.</summary>
    public static ECParameters PublicParameters(ECPoint point) =>
        new() { Curve = ECCurve.NamedCurves.nistP256, Q = point };
}
