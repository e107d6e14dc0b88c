using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Fledger.WebRtc.Stun;

/// <summary>
/// Builds one STUN message into a caller-supplied buffer without allocating. Add attributes in order,
/// then optionally <see cref="AddMessageIntegrity"/> and <see cref="AddFingerprint"/> (last), and send
/// <see cref="Written"/>.
/// </summary>
/// <remarks>
/// A buffer too small for the message is a caller bug and throws <see cref="ArgumentException"/>;
/// 548 bytes always suffice for ICE checks and responses.
/// <see href="https://www.rfc-editor.org/rfc/rfc8489#section-5">RFC 8489 §5</see>,
/// <see href="https://www.rfc-editor.org/rfc/rfc8489#section-14">§14</see>.
/// </remarks>
public ref struct StunWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Starts a message of the given class and method.</summary>
    public StunWriter(Span<byte> buffer, StunClass stunClass, StunMethod method, StunTransactionId transactionId)
    {
        if (buffer.Length < StunMessage.HeaderLength)
        {
            throw new ArgumentException("Buffer too small for a STUN header.", nameof(buffer));
        }

        _buffer = buffer;
        var m = (int)method;
        var c = (int)stunClass;
        var type = (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7);
        BinaryPrimitives.WriteUInt16BigEndian(buffer, (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(buffer[2..], 0);
        BinaryPrimitives.WriteUInt32BigEndian(buffer[4..], StunMessage.MagicCookie);
        transactionId.WriteTo(buffer[8..]);
        _length = StunMessage.HeaderLength;
    }

    /// <summary>The byte used to pad attribute values to 4 bytes (RFC 8489 recommends 0; RFC 5769 vectors use 0x20).</summary>
    public byte PaddingByte { get; set; }

    /// <summary>The message bytes written so far (valid after the last Add call).</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>The number of bytes written so far.</summary>
    public readonly int Length => _length;

    /// <summary>Adds USERNAME (at most 513 UTF-8 bytes).</summary>
    public void AddUsername(scoped ReadOnlySpan<char> username) => AddText(StunAttributeType.Username, username, 513);

    /// <summary>Adds SOFTWARE (at most 763 UTF-8 bytes).</summary>
    public void AddSoftware(scoped ReadOnlySpan<char> software) => AddText(StunAttributeType.Software, software, 763);

    /// <summary>Adds PRIORITY.</summary>
    public void AddPriority(uint priority) =>
        BinaryPrimitives.WriteUInt32BigEndian(Begin(StunAttributeType.Priority, 4), priority);

    /// <summary>Adds ICE-CONTROLLING with the tie-breaker.</summary>
    public void AddIceControlling(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Begin(StunAttributeType.IceControlling, 8), tieBreaker);

    /// <summary>Adds ICE-CONTROLLED with the tie-breaker.</summary>
    public void AddIceControlled(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Begin(StunAttributeType.IceControlled, 8), tieBreaker);

    /// <summary>Adds USE-CANDIDATE.</summary>
    public void AddUseCandidate() => Begin(StunAttributeType.UseCandidate, 0);

    /// <summary>Adds XOR-MAPPED-ADDRESS for an IPv4 or IPv6 address.</summary>
    public void AddXorMappedAddress(IPAddress address, int port)
    {
        ArgumentNullException.ThrowIfNull(address);
        var v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        var addressLength = v6 ? 16 : 4;
        var value = Begin(StunAttributeType.XorMappedAddress, 4 + addressLength);
        value[0] = 0;
        value[1] = v6 ? (byte)2 : (byte)1;
        BinaryPrimitives.WriteUInt16BigEndian(value[2..], (ushort)(port ^ (int)(StunMessage.MagicCookie >> 16)));
        if (!address.TryWriteBytes(value[4..], out _))
        {
            throw new ArgumentException("Address could not be written.", nameof(address));
        }

        ReadOnlySpan<byte> cookieAndId = _buffer[4..StunMessage.HeaderLength];
        for (var i = 0; i < addressLength; i++)
        {
            value[4 + i] ^= cookieAndId[i];
        }
    }

    /// <summary>Adds ERROR-CODE (code 300–699) with a reason phrase.</summary>
    public void AddErrorCode(int code, scoped ReadOnlySpan<char> reason)
    {
        if (code is < 300 or > 699)
        {
            throw new ArgumentOutOfRangeException(nameof(code));
        }

        var reasonBytes = Encoding.UTF8.GetByteCount(reason);
        if (reasonBytes > 763)
        {
            throw new ArgumentException("Reason too long.", nameof(reason));
        }

        var value = Begin(StunAttributeType.ErrorCode, 4 + reasonBytes);
        value[0] = 0;
        value[1] = 0;
        value[2] = (byte)(code / 100);
        value[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, value[4..]);
    }

    /// <summary>Adds UNKNOWN-ATTRIBUTES listing the given types (for a 420 response).</summary>
    public void AddUnknownAttributes(scoped ReadOnlySpan<ushort> types)
    {
        var value = Begin(StunAttributeType.UnknownAttributes, types.Length * 2);
        for (var i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(value[(i * 2)..], types[i]);
        }
    }

    /// <summary>Adds an attribute with a raw value (extensions; must not be MESSAGE-INTEGRITY or FINGERPRINT).</summary>
    public void AddAttribute(ushort type, scoped ReadOnlySpan<byte> value) => value.CopyTo(Begin(type, value.Length));

    /// <summary>Adds MESSAGE-INTEGRITY (HMAC-SHA1 with <paramref name="key"/>); only FINGERPRINT may follow.</summary>
    /// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8489#section-14.5">RFC 8489 §14.5</see>.</remarks>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        var prefixLength = _length;
        var value = Begin(StunAttributeType.MessageIntegrity, 20);
        StunMessage.ComputeIntegrity(_buffer[..prefixLength], key, value);
    }

    /// <summary>Adds FINGERPRINT; must be the last attribute.</summary>
    /// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8489#section-14.7">RFC 8489 §14.7</see>.</remarks>
    public void AddFingerprint()
    {
        var prefixLength = _length;
        var value = Begin(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(value, StunCrc32.Compute(_buffer[..prefixLength]) ^ 0x5354554Eu);
    }

    private void AddText(ushort type, scoped ReadOnlySpan<char> text, int maxBytes)
    {
        var count = Encoding.UTF8.GetByteCount(text);
        if (count > maxBytes)
        {
            throw new ArgumentException("Attribute value too long.", nameof(text));
        }

        Encoding.UTF8.GetBytes(text, Begin(type, count));
    }

    /// <summary>Appends an attribute header, pads the value, updates the header length; returns the value span.</summary>
    private Span<byte> Begin(ushort type, int valueLength)
    {
        var padded = (valueLength + 3) & ~3;
        if (_length + 4 + padded > _buffer.Length)
        {
            throw new ArgumentException("Buffer too small for the STUN message.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_length..], type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_length + 2)..], (ushort)valueLength);
        var value = _buffer.Slice(_length + 4, valueLength);
        _buffer.Slice(_length + 4 + valueLength, padded - valueLength).Fill(PaddingByte);
        _length += 4 + padded;
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunMessage.HeaderLength));
        return value;
    }
}
