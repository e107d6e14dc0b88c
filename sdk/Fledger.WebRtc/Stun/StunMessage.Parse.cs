using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Fledger.WebRtc.Stun;

public sealed partial record StunMessage
{
    private const int MaxUsernameBytes = 513;
    private const int MaxReasonBytes = 763;
    private const int MaxSoftwareBytes = 763;
    private const int MaxUnknownListed = 16;

    /// <summary>Quick check (RFC 7983 demultiplexing): could this datagram be STUN?</summary>
    public static bool LooksLikeStun(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= HeaderLength && datagram[0] < 4 &&
        BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) == MagicCookie;

    /// <summary>
    /// Parses a datagram. Never throws on bad input: returns <see cref="StunParseError.None"/> and a message,
    /// <see cref="StunParseError.UnknownComprehensionRequired"/> and a message (to answer with 420),
    /// or another error and <c>null</c>.
    /// </summary>
    /// <remarks>
    /// Lengths are never trusted: every attribute is bounds-checked against the datagram. FINGERPRINT is
    /// verified here; MESSAGE-INTEGRITY needs the key, see <see cref="VerifyIntegrity"/>.
    /// <see href="https://www.rfc-editor.org/rfc/rfc8489#section-6.3">RFC 8489 §6.3</see>,
    /// <see href="https://www.rfc-editor.org/rfc/rfc8489#section-14">§14</see>.
    /// </remarks>
    public static StunParseError TryParse(ReadOnlySpan<byte> datagram, out StunMessage? message)
    {
        message = null;
        if (datagram.Length < HeaderLength)
        {
            return StunParseError.TooShort;
        }

        var type = BinaryPrimitives.ReadUInt16BigEndian(datagram);
        if ((type & 0xC000) != 0)
        {
            return StunParseError.NotStun;
        }

        if (BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]) != MagicCookie)
        {
            return StunParseError.BadMagicCookie;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[2..]);
        if ((length & 3) != 0 || HeaderLength + length != datagram.Length)
        {
            return StunParseError.LengthMismatch;
        }

        var transactionId = StunTransactionId.Read(datagram[8..]);
        var stunClass = (StunClass)(((type >> 4) & 1) | ((type >> 7) & 2));
        var method = (StunMethod)((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));

        string? username = null, software = null, reason = null;
        uint? priority = null;
        ulong? controlling = null, controlled = null;
        var useCandidate = false;
        IPEndPoint? mapped = null;
        int? errorCode = null;
        var integrityOffset = -1;
        var fingerprint = false;
        List<ushort>? unknown = null;
        ushort[]? listed = null;

        var offset = HeaderLength;
        while (offset < datagram.Length)
        {
            if (fingerprint)
            {
                return StunParseError.AttributeAfterFingerprint;
            }

            if (datagram.Length - offset < 4)
            {
                return StunParseError.AttributeOverrun;
            }

            var attrType = BinaryPrimitives.ReadUInt16BigEndian(datagram[offset..]);
            int attrLength = BinaryPrimitives.ReadUInt16BigEndian(datagram[(offset + 2)..]);
            var valueStart = offset + 4;
            var padded = (attrLength + 3) & ~3;
            if (padded > datagram.Length - valueStart)
            {
                return StunParseError.AttributeOverrun;
            }

            var value = datagram.Slice(valueStart, attrLength);
            var next = valueStart + padded;

            if (attrType == StunAttributeType.Fingerprint)
            {
                if (attrLength != 4)
                {
                    return StunParseError.MalformedAttribute;
                }

                var expected = StunCrc32.Compute(datagram[..offset]) ^ 0x5354554Eu;
                if (BinaryPrimitives.ReadUInt32BigEndian(value) != expected)
                {
                    return StunParseError.BadFingerprint;
                }

                fingerprint = true;
                offset = next;
                continue;
            }

            if (integrityOffset >= 0)
            {
                // RFC 8489 §14.5: attributes after MESSAGE-INTEGRITY (other than FINGERPRINT) are ignored.
                offset = next;
                continue;
            }

            switch (attrType)
            {
                case StunAttributeType.MessageIntegrity:
                    if (attrLength != 20)
                    {
                        return StunParseError.MalformedAttribute;
                    }

                    integrityOffset = offset;
                    break;
                case StunAttributeType.Username:
                    if (attrLength > MaxUsernameBytes)
                    {
                        return StunParseError.MalformedAttribute;
                    }

                    username ??= Encoding.UTF8.GetString(value);
                    break;
                case StunAttributeType.Software:
                    if (attrLength > MaxSoftwareBytes)
                    {
                        return StunParseError.MalformedAttribute;
                    }

                    software ??= Encoding.UTF8.GetString(value);
                    break;
                case StunAttributeType.Priority:
                    if (attrLength != 4)
                    {
                        return StunParseError.MalformedAttribute;
                    }

                    priority ??= BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
                case StunAttributeType.IceControlling:
                    if (attrLength != 8)
                    {
                        return StunParseError.MalformedAttribute;
                    }

                    controlling ??= BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case StunAttributeType.IceControlled:
                    if (attrLength != 8)
                    {
                        return StunParseError.MalformedAttribute;
                    }

                    controlled ??= BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case StunAttributeType.UseCandidate:
                    if (attrLength != 0)
                    {
                        return StunParseError.MalformedAttribute;
                    }

                    useCandidate = true;
                    break;
                case StunAttributeType.XorMappedAddress:
                    if (mapped is null && !TryReadXorAddress(value, datagram[4..HeaderLength], out mapped))
                    {
                        return StunParseError.MalformedAttribute;
                    }

                    break;
                case StunAttributeType.ErrorCode:
                    if (errorCode is null)
                    {
                        if (attrLength < 4 || attrLength > 4 + MaxReasonBytes)
                        {
                            return StunParseError.MalformedAttribute;
                        }

                        int errorClass = value[2] & 0x07;
                        int number = value[3];
                        if (errorClass is < 3 or > 6 || number > 99)
                        {
                            return StunParseError.MalformedAttribute;
                        }

                        errorCode = (errorClass * 100) + number;
                        reason = Encoding.UTF8.GetString(value[4..]);
                    }

                    break;
                case StunAttributeType.UnknownAttributes:
                    if ((attrLength & 1) != 0)
                    {
                        return StunParseError.MalformedAttribute;
                    }

                    if (listed is null)
                    {
                        listed = new ushort[Math.Min(attrLength / 2, MaxUnknownListed)];
                        for (var i = 0; i < listed.Length; i++)
                        {
                            listed[i] = BinaryPrimitives.ReadUInt16BigEndian(value[(i * 2)..]);
                        }
                    }

                    break;
                case StunAttributeType.MappedAddress:
                    // Known (RFC 8489 §14.1) but superseded by XOR-MAPPED-ADDRESS: accepted and ignored.
                    break;
                default:
                    if (StunAttributeType.IsComprehensionRequired(attrType))
                    {
                        unknown ??= [];
                        if (unknown.Count < MaxUnknownListed && !unknown.Contains(attrType))
                        {
                            unknown.Add(attrType);
                        }
                    }

                    break;
            }

            offset = next;
        }

        message = new StunMessage
        {
            Class = stunClass,
            Method = method,
            TransactionId = transactionId,
            Username = username,
            Software = software,
            Priority = priority,
            IceControlling = controlling,
            IceControlled = controlled,
            UseCandidate = useCandidate,
            XorMappedAddress = mapped,
            ErrorCode = errorCode,
            ErrorReason = reason,
            IntegrityOffset = integrityOffset,
            HasFingerprint = fingerprint,
            UnknownRequiredAttributes = unknown is null ? [] : unknown.ToArray(),
            UnknownAttributes = listed ?? [],
        };
        return unknown is null ? StunParseError.None : StunParseError.UnknownComprehensionRequired;
    }

    private static bool TryReadXorAddress(ReadOnlySpan<byte> value, ReadOnlySpan<byte> cookieAndId, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4)
        {
            return false;
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]) ^ (ushort)(MagicCookie >> 16);
        int addressLength = value[1] switch
        {
            0x01 => 4,
            0x02 => 16,
            _ => -1,
        };
        if (addressLength < 0 || value.Length != 4 + addressLength)
        {
            return false;
        }

        Span<byte> address = stackalloc byte[16];
        address = address[..addressLength];
        for (var i = 0; i < addressLength; i++)
        {
            address[i] = (byte)(value[4 + i] ^ cookieAndId[i]);
        }

        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }
}
