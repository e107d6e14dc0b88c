using System.Buffers.Binary;
using System.Text;
using System.Text.Unicode;

namespace Fledger.WebRtc.Dcep;

/// <summary>Encodes and decodes DCEP messages (RFC 8832 §5). Parsing never throws and never trusts a length field.</summary>
public static class DcepCodec
{
    /// <summary>Message type of DATA_CHANNEL_OPEN.</summary>
    public const byte OpenType = 0x03;

    /// <summary>Message type of DATA_CHANNEL_ACK.</summary>
    public const byte AckType = 0x02;

    private const int OpenHeaderLength = 12;

    /// <summary>Decodes one DCEP message.</summary>
    public static DcepParseError TryParse(ReadOnlySpan<byte> data, out DcepMessage? message)
    {
        message = null;
        if (data.IsEmpty)
        {
            return DcepParseError.Empty;
        }

        switch (data[0])
        {
            case AckType:
                message = new DcepAck();
                return DcepParseError.None;
            case OpenType:
                break;
            default:
                return DcepParseError.UnknownMessageType;
        }

        if (data.Length < OpenHeaderLength)
        {
            return DcepParseError.TooShort;
        }

        var type = (DataChannelType)data[1];
        if (!Enum.IsDefined(type))
        {
            return DcepParseError.InvalidChannelType;
        }

        var priority = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        var reliability = BinaryPrimitives.ReadUInt32BigEndian(data[4..]);
        int labelLength = BinaryPrimitives.ReadUInt16BigEndian(data[8..]);
        int protocolLength = BinaryPrimitives.ReadUInt16BigEndian(data[10..]);
        if (data.Length != OpenHeaderLength + labelLength + protocolLength)
        {
            return DcepParseError.LengthMismatch;
        }

        var label = data.Slice(OpenHeaderLength, labelLength);
        var protocol = data.Slice(OpenHeaderLength + labelLength, protocolLength);
        if (!Utf8.IsValid(label) || !Utf8.IsValid(protocol))
        {
            return DcepParseError.InvalidUtf8;
        }

        message = new DcepOpen(type, priority, reliability, Encoding.UTF8.GetString(label), Encoding.UTF8.GetString(protocol));
        return DcepParseError.None;
    }

    /// <summary>Encodes a DCEP message.</summary>
    /// <exception cref="ArgumentException">Label or protocol exceed 65535 UTF-8 bytes.</exception>
    public static byte[] Encode(DcepMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message)
        {
            case DcepAck:
                return [AckType];
            case DcepOpen open:
                var labelLength = Encoding.UTF8.GetByteCount(open.Label);
                var protocolLength = Encoding.UTF8.GetByteCount(open.Protocol);
                if (labelLength > ushort.MaxValue || protocolLength > ushort.MaxValue)
                {
                    throw new ArgumentException("Label and protocol are limited to 65535 UTF-8 bytes.", nameof(message));
                }

                var buffer = new byte[OpenHeaderLength + labelLength + protocolLength];
                buffer[0] = OpenType;
                buffer[1] = (byte)open.ChannelType;
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), open.Priority);
                BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(4), open.ReliabilityParameter);
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(8), (ushort)labelLength);
                BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(10), (ushort)protocolLength);
                Encoding.UTF8.GetBytes(open.Label, buffer.AsSpan(OpenHeaderLength));
                Encoding.UTF8.GetBytes(open.Protocol, buffer.AsSpan(OpenHeaderLength + labelLength));
                return buffer;
            default:
                throw new ArgumentException("Unknown DCEP message.", nameof(message));
        }
    }
}
