using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Fledger.WebRtc.Stun;

public sealed partial record StunMessage
{
    /// <summary>
    /// Verifies MESSAGE-INTEGRITY of <paramref name="datagram"/> (the bytes this message was parsed from)
    /// with <paramref name="key"/> (for ICE short-term credentials: the receiver's ice-pwd as UTF-8).
    /// Returns <c>false</c> when the attribute is absent or does not match. Constant-time comparison.
    /// </summary>
    /// <remarks>
    /// The HMAC-SHA1 covers the message up to the attribute, with the header length adjusted to end
    /// just after MESSAGE-INTEGRITY. <see href="https://www.rfc-editor.org/rfc/rfc8489#section-14.5">RFC 8489 §14.5</see>.
    /// </remarks>
    public bool VerifyIntegrity(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> key)
    {
        var offset = IntegrityOffset;
        if (offset < HeaderLength || offset + 24 > datagram.Length)
        {
            return false;
        }

        Span<byte> mac = stackalloc byte[20];
        ComputeIntegrity(datagram[..offset], key, mac);
        return CryptographicOperations.FixedTimeEquals(mac, datagram.Slice(offset + 4, 20));
    }

    /// <summary>
    /// Computes the HMAC-SHA1 over <paramref name="prefix"/> (header plus attributes before
    /// MESSAGE-INTEGRITY) with the header length set as if the message ended after MESSAGE-INTEGRITY.
    /// </summary>
    internal static void ComputeIntegrity(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> mac)
    {
        byte[]? rented = null;
        var copy = prefix.Length <= 1024
            ? stackalloc byte[prefix.Length]
            : (rented = ArrayPool<byte>.Shared.Rent(prefix.Length)).AsSpan(0, prefix.Length);
        try
        {
            prefix.CopyTo(copy);
            BinaryPrimitives.WriteUInt16BigEndian(copy[2..], (ushort)(prefix.Length - HeaderLength + 24));
            HMACSHA1.HashData(key, copy, mac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
