using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Unicode;
using Fledger.Core.Codec;
using Fledger.Core.Identity;

namespace Fledger.Modules.Gossip;

/// <summary>
/// A signed gossip event. Immutable; created by <see cref="Create"/> (signing) or <see cref="TryDecode"/>
/// (verifying), so every instance carries a valid signature of its author.
/// </summary>
/// <remarks>
/// Canonical encoding (version 1, big-endian):
/// <code>
/// u8 version = 1 | u8 category | 32 author id | 32 author Ed25519 public key | i64 created (Unix ms)
/// | u16 contentLength | content | 64 signature
/// </code>
/// The id is SHA-256 of everything before the signature (so it is a hash of the content and its metadata).
/// The signature is Ed25519 (RFC 8032 section 5.1) over <c>"fledger/gossip/v1" || the bytes before the signature</c>.
/// On decode the author id must be SHA-256 of the key (an id cannot be claimed without its key) and the
/// signature must verify; decode is strict (no trailing bytes).
/// </remarks>
public sealed record GossipEvent
{
    /// <summary>The encoding version.</summary>
    public const byte EncodingVersion = 1;

    /// <summary>Maximum content size in bytes.</summary>
    public const int MaxContentBytes = 4096;

    /// <summary>Length of the fields before the content.</summary>
    public const int HeaderLength = 1 + 1 + NodeId.ByteLength + NodeIdentity.PublicKeyLength + 8 + 2;

    /// <summary>Maximum length of an encoded event.</summary>
    public const int MaxEncodedLength = HeaderLength + MaxContentBytes + NodeIdentity.SignatureLength;

    private static readonly byte[] Domain = "fledger/gossip/v1"u8.ToArray();
    private readonly byte[] _encoded;

    private GossipEvent(byte[] encoded, GossipEventId id, GossipCategory category, NodeId author, DateTimeOffset created)
    {
        _encoded = encoded;
        Id = id;
        Category = category;
        Author = author;
        Created = created;
    }

    /// <summary>SHA-256 of the unsigned encoding.</summary>
    public GossipEventId Id { get; }

    /// <summary>The event's category.</summary>
    public GossipCategory Category { get; }

    /// <summary>The author's node id (SHA-256 of <see cref="AuthorKey"/>).</summary>
    public NodeId Author { get; }

    /// <summary>When the author created the event (millisecond precision).</summary>
    public DateTimeOffset Created { get; }

    /// <summary>The author's Ed25519 public key.</summary>
    public ReadOnlyMemory<byte> AuthorKey => _encoded.AsMemory(2 + NodeId.ByteLength, NodeIdentity.PublicKeyLength);

    /// <summary>The content bytes.</summary>
    public ReadOnlyMemory<byte> Content => _encoded.AsMemory(HeaderLength, _encoded.Length - HeaderLength - NodeIdentity.SignatureLength);

    /// <summary>The signature.</summary>
    public ReadOnlyMemory<byte> Signature => _encoded.AsMemory(_encoded.Length - NodeIdentity.SignatureLength);

    /// <summary>The canonical encoding (not copied; do not change it).</summary>
    public ReadOnlyMemory<byte> Encoded => _encoded;

    /// <summary>The content as UTF-8 text (chat events).</summary>
    public string Text => Encoding.UTF8.GetString(Content.Span);

    /// <summary>Creates and signs an event of <paramref name="author"/>.</summary>
    /// <exception cref="ArgumentException">The content is too large or invalid for the category (a caller bug).</exception>
    public static GossipEvent Create(NodeIdentity author, GossipCategory category, ReadOnlySpan<byte> content, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(author);
        if (ValidateContent(category, author.Id, content) is var error && error != GossipEventError.None)
        {
            throw new ArgumentException($"Invalid gossip content: {error}.", nameof(content));
        }

        var unsigned = EncodeUnsigned(category, author.Id, author.PublicKey.Span, created.ToUnixTimeMilliseconds(), content);
        var signature = author.Sign(SigningInput(unsigned));
        return TryDecode([.. unsigned, .. signature], out var gossipEvent, out var decodeError)
            ? gossipEvent!
            : throw new InvalidOperationException($"A freshly signed event failed to decode: {decodeError}.");
    }

    /// <summary>The unsigned canonical encoding of the given fields (no validation; for signing and tests).</summary>
    public static byte[] EncodeUnsigned(GossipCategory category, NodeId author, ReadOnlySpan<byte> authorKey, long createdUnixMs, ReadOnlySpan<byte> content)
    {
        if (authorKey.Length != NodeIdentity.PublicKeyLength || content.Length > ushort.MaxValue)
        {
            throw new ArgumentException("Author key must be 32 bytes and content at most 65535 bytes.");
        }

        var bytes = new byte[HeaderLength + content.Length];
        bytes[0] = EncodingVersion;
        bytes[1] = (byte)category;
        author.WriteTo(bytes.AsSpan(2));
        authorKey.CopyTo(bytes.AsSpan(2 + NodeId.ByteLength));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(2 + NodeId.ByteLength + NodeIdentity.PublicKeyLength), createdUnixMs);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(HeaderLength - 2), (ushort)content.Length);
        content.CopyTo(bytes.AsSpan(HeaderLength));
        return bytes;
    }

    /// <summary>The bytes the author signs: the domain tag followed by the unsigned encoding.</summary>
    public static byte[] SigningInput(ReadOnlySpan<byte> unsigned) => [.. Domain, .. unsigned];

    /// <summary>Decodes and verifies an encoded event. Never throws; returns a typed error for any bad or forged input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out GossipEvent? gossipEvent, out GossipEventError error)
    {
        gossipEvent = null;
        if (data.Length > MaxEncodedLength)
        {
            error = GossipEventError.BadLength;
            return false;
        }

        var reader = new SpanReader(data);
        if (!reader.TryReadByte(out var version))
        {
            error = GossipEventError.Truncated;
            return false;
        }

        if (version != EncodingVersion)
        {
            error = GossipEventError.UnsupportedVersion;
            return false;
        }

        if (!reader.TryReadByte(out var categoryByte)
            || !reader.TryRead(NodeId.ByteLength, out var authorBytes)
            || !reader.TryRead(NodeIdentity.PublicKeyLength, out var key)
            || !reader.TryRead(8, out var createdBytes)
            || !reader.TryRead(2, out var lengthBytes)
            || !reader.TryRead(BinaryPrimitives.ReadUInt16BigEndian(lengthBytes), out var content)
            || !reader.TryRead(NodeIdentity.SignatureLength, out var signature))
        {
            error = GossipEventError.Truncated;
            return false;
        }

        if (!reader.IsAtEnd)
        {
            error = GossipEventError.BadLength;
            return false;
        }

        var category = (GossipCategory)categoryByte;
        if (!Enum.IsDefined(category))
        {
            error = GossipEventError.UnknownCategory;
            return false;
        }

        var author = NodeId.FromBytes(authorBytes);
        if (NodeId.FromPublicKey(key) != author)
        {
            error = GossipEventError.AuthorMismatch;
            return false;
        }

        error = ValidateContent(category, author, content);
        if (error != GossipEventError.None)
        {
            return false;
        }

        var unsigned = data[..^NodeIdentity.SignatureLength];
        if (!NodeIdentity.Verify(key, SigningInput(unsigned), signature))
        {
            error = GossipEventError.BadSignature;
            return false;
        }

        var createdMs = Math.Clamp(BinaryPrimitives.ReadInt64BigEndian(createdBytes), 0, DateTimeOffset.MaxValue.ToUnixTimeMilliseconds());
        Span<byte> hash = stackalloc byte[GossipEventId.ByteLength];
        SHA256.HashData(unsigned, hash);
        GossipEventId.TryFromBytes(hash, out var id);
        gossipEvent = new GossipEvent(data.ToArray(), id, category, author, DateTimeOffset.FromUnixTimeMilliseconds(createdMs));
        return true;
    }

    /// <summary>Value equality: the canonical encodings are equal.</summary>
    public bool Equals(GossipEvent? other) => other is not null && _encoded.AsSpan().SequenceEqual(other._encoded);

    /// <inheritdoc />
    public override int GetHashCode() => Id.GetHashCode();

    /// <summary>Short, log-friendly form.</summary>
    public override string ToString() => $"GossipEvent({Id.ToString()[..8]}, {Category}, by {Author.ToShortString()})";

    private static GossipEventError ValidateContent(GossipCategory category, NodeId author, ReadOnlySpan<byte> content)
    {
        if (content.Length > MaxContentBytes)
        {
            return GossipEventError.InvalidContent;
        }

        return category switch
        {
            GossipCategory.Chat => Utf8.IsValid(content) ? GossipEventError.None : GossipEventError.InvalidContent,
            GossipCategory.NodeInfo => NodeInfo.TryDecode(content, out var info, out _) && info!.Id == author
                ? GossipEventError.None
                : GossipEventError.InvalidContent,
            _ => GossipEventError.UnknownCategory,
        };
    }
}
