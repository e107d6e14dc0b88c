using System.Formats.Asn1;

namespace Fledger.WebRtc.Dtls;

/// <summary>Strict conversion of a DER ECDSA signature (TLS, X.509) to the fixed-size r || s form OpenSSL verifies.</summary>
/// <remarks>
/// RFC 3279 §2.2.3 (Ecdsa-Sig-Value ::= SEQUENCE { r INTEGER, s INTEGER }), RFC 8422 §5.4 (TLS 1.2 ECDSA signatures are
/// DER). Only distinguished encodings with 0 &lt; r, s &lt; n are accepted, as BouncyCastle's verifier does; anything
/// else fails verification instead of being normalised.
/// </remarks>
internal static class EcdsaDerSignature
{
    /// <summary>Converts <paramref name="der"/> to r || s in <paramref name="p1363"/> (2 × 32 bytes for P-256).</summary>
    public static bool TryToP1363(ReadOnlySpan<byte> der, Span<byte> p1363)
    {
        if (p1363.Length != 2 * P256.FieldSize || der.Length > 2 + (2 * (2 + 1 + P256.FieldSize)))
        {
            return false;
        }

        try
        {
            AsnDecoder.ReadSequence(der, AsnEncodingRules.DER, out var contentOffset, out var contentLength, out var consumed);
            if (consumed != der.Length)
            {
                return false;
            }

            var content = der.Slice(contentOffset, contentLength);
            var r = AsnDecoder.ReadIntegerBytes(content, AsnEncodingRules.DER, out var rLength);
            var rest = content[rLength..];
            var s = AsnDecoder.ReadIntegerBytes(rest, AsnEncodingRules.DER, out var sLength);
            return sLength == rest.Length
                && TryCopyScalar(r, p1363[..P256.FieldSize])
                && TryCopyScalar(s, p1363[P256.FieldSize..]);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>Copies a minimally encoded DER INTEGER in [1, n − 1] right-aligned into 32 bytes.</summary>
    private static bool TryCopyScalar(ReadOnlySpan<byte> integer, Span<byte> destination)
    {
        if (integer.IsEmpty || integer[0] >= 0x80)
        {
            return false; // negative
        }

        if (integer[0] == 0x00)
        {
            integer = integer[1..]; // the sign byte DER requires before a set high bit (minimality checked by the decoder)
        }

        if (integer.IsEmpty || integer.Length > P256.FieldSize)
        {
            return false; // zero, or longer than n
        }

        destination.Clear();
        integer.CopyTo(destination[(P256.FieldSize - integer.Length)..]);
        return destination.IndexOfAnyExcept((byte)0) >= 0 && destination.SequenceCompareTo(P256.Order) < 0;
    }
}
