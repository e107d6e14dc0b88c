using System.Buffers.Binary;
using System.Text;
using Fledger.Net.Network;

namespace Fledger.Net.Framing;

/// <summary>
/// The versioned wire form of a <see cref="NodeMessage"/> on a data channel. Pure managed code (no unsafe, no native
/// dependencies): it runs unchanged in WebAssembly and natively.
/// </summary>
/// <remarks>
/// <para>Every frame starts with a version byte (<see cref="Version"/>) and a kind byte (<see cref="FrameKind"/>).
/// The <em>body</em> of a message is <c>moduleLength(u8) module(ASCII) payload</c>.</para>
/// <para>Single: <c>version kind=0 body</c>.</para>
/// <para>Chunk: <c>version kind=1 messageId(u32) index(u32) count(u32) totalLength(u32) data</c>, all big-endian;
/// the data of chunks 0..count-1, in order, is the body. Used when the body does not fit one data-channel message
/// (RFC 8831 section 6.6: a message larger than the peer's max-message-size cannot be sent).</para>
/// <para>Parsing never trusts a length field and never throws: it returns a <see cref="FrameError"/>.</para>
/// </remarks>
public static class FrameCodec
{
    /// <summary>The wire version this codec writes and reads.</summary>
    public const byte Version = 1;

    /// <summary>The longest module name, in ASCII characters.</summary>
    public const int MaxModuleNameLength = 64;

    /// <summary>Bytes before the body in a single frame.</summary>
    public const int SingleHeaderLength = 2;

    /// <summary>Bytes before the data in a chunk frame.</summary>
    public const int ChunkHeaderLength = 18;

    /// <summary>The smallest frame size <see cref="Encode"/> accepts.</summary>
    public const int MinFrameSize = ChunkHeaderLength + 1 + MaxModuleNameLength;

    /// <summary>True when <paramref name="module"/> is 1..<see cref="MaxModuleNameLength"/> printable ASCII characters (0x21-0x7E).</summary>
    public static bool IsValidModuleName(string? module)
    {
        if (string.IsNullOrEmpty(module) || module.Length > MaxModuleNameLength)
        {
            return false;
        }

        foreach (var c in module)
        {
            if (c is < '!' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The length of the body (module header and payload) of <paramref name="message"/>.</summary>
    public static int BodyLength(NodeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return 1 + message.Module.Length + message.Payload.Length;
    }

    /// <summary>How many frames <see cref="Encode"/> makes for <paramref name="message"/>.</summary>
    public static int FrameCount(NodeMessage message, int maxFrameSize)
    {
        var body = BodyLength(message);
        if (SingleHeaderLength + body <= maxFrameSize)
        {
            return 1;
        }

        var perChunk = maxFrameSize - ChunkHeaderLength;
        return (int)((body + (long)perChunk - 1) / perChunk);
    }

    /// <summary>
    /// Encodes <paramref name="message"/> as one single frame, or as chunks of at most <paramref name="maxFrameSize"/>
    /// bytes tagged with <paramref name="messageId"/>. Each frame is a new array the caller owns.
    /// </summary>
    /// <exception cref="ArgumentException">The module name is invalid (check <see cref="IsValidModuleName"/> first).</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxFrameSize"/> is below <see cref="MinFrameSize"/>.</exception>
    public static IReadOnlyList<byte[]> Encode(NodeMessage message, uint messageId, int maxFrameSize)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameSize, MinFrameSize);
        if (!IsValidModuleName(message.Module))
        {
            throw new ArgumentException($"Invalid module name '{message.Module}'.", nameof(message));
        }

        var bodyLength = BodyLength(message);
        if (SingleHeaderLength + bodyLength <= maxFrameSize)
        {
            var frame = new byte[SingleHeaderLength + bodyLength];
            frame[0] = Version;
            frame[1] = (byte)FrameKind.Single;
            WriteBody(message, frame.AsSpan(SingleHeaderLength));
            return [frame];
        }

        var count = FrameCount(message, maxFrameSize);
        var perChunk = maxFrameSize - ChunkHeaderLength;
        var frames = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var offset = i * perChunk;
            var length = Math.Min(perChunk, bodyLength - offset);
            var frame = new byte[ChunkHeaderLength + length];
            frame[0] = Version;
            frame[1] = (byte)FrameKind.Chunk;
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(2), messageId);
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(6), (uint)i);
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(10), (uint)count);
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(14), (uint)bodyLength);
            CopyBody(message, offset, frame.AsSpan(ChunkHeaderLength));
            frames[i] = frame;
        }

        return frames;
    }

    /// <summary>Parses one frame. Slices of <paramref name="data"/> are returned, not copies.</summary>
    public static FrameError TryParse(ReadOnlyMemory<byte> data, out Frame frame)
    {
        frame = default;
        var span = data.Span;
        if (span.IsEmpty)
        {
            return FrameError.Empty;
        }

        if (span[0] != Version)
        {
            return FrameError.UnsupportedVersion;
        }

        if (span.Length < SingleHeaderLength)
        {
            return FrameError.Truncated;
        }

        switch ((FrameKind)span[1])
        {
            case FrameKind.Single:
                var error = TryParseBody(data[SingleHeaderLength..], out var module, out var payload);
                if (error == FrameError.None)
                {
                    frame = new Frame(FrameKind.Single, module, payload, 0, 0, 0, 0, default);
                }

                return error;
            case FrameKind.Chunk:
                return TryParseChunk(data, out frame);
            default:
                return FrameError.UnknownKind;
        }
    }

    /// <summary>Parses a message body: <c>moduleLength(u8) module(ASCII) payload</c>.</summary>
    public static FrameError TryParseBody(ReadOnlyMemory<byte> body, out string module, out ReadOnlyMemory<byte> payload)
    {
        module = string.Empty;
        payload = default;
        var span = body.Span;
        if (span.IsEmpty)
        {
            return FrameError.Truncated;
        }

        int length = span[0];
        if (length is 0 or > MaxModuleNameLength)
        {
            return FrameError.BadModuleName;
        }

        if (span.Length < 1 + length)
        {
            return FrameError.Truncated;
        }

        var name = span.Slice(1, length);
        foreach (var b in name)
        {
            if (b is < (byte)'!' or > (byte)'~')
            {
                return FrameError.BadModuleName;
            }
        }

        module = Encoding.ASCII.GetString(name);
        payload = body[(1 + length)..];
        return FrameError.None;
    }

    private static FrameError TryParseChunk(ReadOnlyMemory<byte> data, out Frame frame)
    {
        frame = default;
        var span = data.Span;
        if (span.Length < ChunkHeaderLength)
        {
            return FrameError.Truncated;
        }

        var messageId = BinaryPrimitives.ReadUInt32BigEndian(span[2..]);
        var index = BinaryPrimitives.ReadUInt32BigEndian(span[6..]);
        var count = BinaryPrimitives.ReadUInt32BigEndian(span[10..]);
        var total = BinaryPrimitives.ReadUInt32BigEndian(span[14..]);
        if (total is < 2 or > int.MaxValue || count == 0 || count > total || index >= count)
        {
            return total > int.MaxValue ? FrameError.TooLarge : FrameError.BadChunkHeader;
        }

        if (span.Length == ChunkHeaderLength)
        {
            return FrameError.EmptyChunk;
        }

        frame = new Frame(FrameKind.Chunk, string.Empty, default, messageId, (int)index, (int)count, (int)total, data[ChunkHeaderLength..]);
        return FrameError.None;
    }

    /// <summary>Copies the body bytes from <paramref name="offset"/> into all of <paramref name="destination"/>, without building the body.</summary>
    private static void CopyBody(NodeMessage message, int offset, Span<byte> destination)
    {
        var headerLength = 1 + message.Module.Length;
        if (offset < headerLength)
        {
            Span<byte> header = stackalloc byte[1 + MaxModuleNameLength];
            header[0] = (byte)message.Module.Length;
            Encoding.ASCII.GetBytes(message.Module, header[1..]);
            var fromHeader = Math.Min(headerLength - offset, destination.Length);
            header.Slice(offset, fromHeader).CopyTo(destination);
            destination = destination[fromHeader..];
            offset = headerLength;
        }

        message.Payload.Span.Slice(offset - headerLength, destination.Length).CopyTo(destination);
    }

    private static void WriteBody(NodeMessage message, Span<byte> destination)
    {
        destination[0] = (byte)message.Module.Length;
        Encoding.ASCII.GetBytes(message.Module, destination[1..]);
        message.Payload.Span.CopyTo(destination[(1 + message.Module.Length)..]);
    }
}
