using System.Text;
using System.Text.Unicode;
using Fledger.Core.Codec;

namespace Fledger.Core.Identity;

/// <summary>
/// What a node tells others about itself: id, display name, client kind, Ed25519 public key
/// and the modules it runs. Immutable, validated on creation, with one canonical byte encoding.
/// </summary>
/// <remarks>
/// Canonical encoding (version 1), used for signing and on the signaling wire:
/// <code>
/// u8 version = 1 | u8 kind | 32 bytes public key | u8 nameLength | name (UTF-8)
/// | u8 moduleCount | moduleCount × (u8 length | ASCII module name)
/// </code>
/// The id is not encoded: it is always derived from the public key, so it cannot disagree with it.
/// Decoding is strict (no trailing bytes, every limit checked), so decode ∘ encode is the identity
/// and a signature over the bytes is a signature over the value.
/// </remarks>
public sealed record NodeInfo
{
    /// <summary>Encoding version written by <see cref="Encode"/>.</summary>
    public const byte EncodingVersion = 1;

    /// <summary>Maximum length of <see cref="Name"/> in UTF-8 bytes.</summary>
    public const int MaxNameBytes = 64;

    /// <summary>Maximum number of entries in <see cref="Modules"/>.</summary>
    public const int MaxModules = 16;

    /// <summary>Maximum length of one module name.</summary>
    public const int MaxModuleNameLength = 32;

    /// <summary>Upper bound of the canonical encoding's length.</summary>
    public const int MaxEncodedLength = 2 + NodeIdentity.PublicKeyLength + 1 + MaxNameBytes + 1 + (MaxModules * (1 + MaxModuleNameLength));

    private readonly byte[] _publicKey;
    private readonly string[] _modules;
    private readonly byte[] _encoded;

    private NodeInfo(byte[] publicKey, string name, ClientKind kind, string[] modules, byte[] encoded)
    {
        _publicKey = publicKey;
        _modules = modules;
        _encoded = encoded;
        Name = name;
        Kind = kind;
        Id = NodeId.FromPublicKey(publicKey);
    }

    /// <summary>SHA-256 of <see cref="PublicKey"/>.</summary>
    public NodeId Id { get; }

    /// <summary>Display name, at most <see cref="MaxNameBytes"/> UTF-8 bytes, no control characters.</summary>
    public string Name { get; }

    /// <summary>What kind of program the node runs in.</summary>
    public ClientKind Kind { get; }

    /// <summary>The node's 32-byte Ed25519 public key.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>Enabled module names (at most <see cref="MaxModules"/>, each [a-z0-9._-]{1,32}, no duplicates).</summary>
    public IReadOnlyList<string> Modules => _modules;

    /// <summary>Validates the fields and creates a <see cref="NodeInfo"/>.</summary>
    public static bool TryCreate(
        ReadOnlySpan<byte> publicKey,
        string name,
        ClientKind kind,
        IEnumerable<string> modules,
        out NodeInfo? info,
        out NodeInfoError error)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(modules);
        info = null;
        var moduleArray = modules.Take(MaxModules + 1).ToArray();
        error = Validate(publicKey.Length, name, Encoding.UTF8.GetByteCount(name), kind, moduleArray);
        if (error != NodeInfoError.None)
        {
            return false;
        }

        var key = publicKey.ToArray();
        info = new NodeInfo(key, name, kind, moduleArray, EncodeFields(key, name, kind, moduleArray));
        return true;
    }

    /// <summary>Returns the canonical encoding (a fresh copy).</summary>
    public byte[] Encode() => (byte[])_encoded.Clone();

    /// <summary>The canonical encoding without copying.</summary>
    public ReadOnlySpan<byte> EncodedSpan => _encoded;

    /// <summary>Decodes a canonical encoding. Never throws; returns a typed error for any bad input.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> data, out NodeInfo? info, out NodeInfoError error)
    {
        info = null;
        if (data.Length > MaxEncodedLength)
        {
            error = NodeInfoError.TooLarge;
            return false;
        }

        var reader = new SpanReader(data);
        if (!reader.TryReadByte(out var version))
        {
            error = NodeInfoError.Truncated;
            return false;
        }

        if (version != EncodingVersion)
        {
            error = NodeInfoError.UnsupportedVersion;
            return false;
        }

        if (!reader.TryReadByte(out var kindByte)
            || !reader.TryRead(NodeIdentity.PublicKeyLength, out var key)
            || !reader.TryReadByte(out var nameLength)
            || !reader.TryRead(nameLength, out var nameBytes)
            || !reader.TryReadByte(out var moduleCount))
        {
            error = NodeInfoError.Truncated;
            return false;
        }

        if (nameLength > MaxNameBytes || !Utf8.IsValid(nameBytes))
        {
            error = NodeInfoError.InvalidName;
            return false;
        }

        if (moduleCount > MaxModules)
        {
            error = NodeInfoError.InvalidModules;
            return false;
        }

        var modules = new string[moduleCount];
        for (var i = 0; i < moduleCount; i++)
        {
            if (!reader.TryReadByte(out var length) || !reader.TryRead(length, out var moduleBytes))
            {
                error = NodeInfoError.Truncated;
                return false;
            }

            if (length == 0 || length > MaxModuleNameLength || !IsModuleName(moduleBytes))
            {
                error = NodeInfoError.InvalidModules;
                return false;
            }

            modules[i] = Encoding.ASCII.GetString(moduleBytes);
        }

        if (!reader.IsAtEnd)
        {
            error = NodeInfoError.Truncated;
            return false;
        }

        var name = Encoding.UTF8.GetString(nameBytes);
        error = Validate(key.Length, name, nameLength, (ClientKind)kindByte, modules);
        if (error != NodeInfoError.None)
        {
            return false;
        }

        info = new NodeInfo(key.ToArray(), name, (ClientKind)kindByte, modules, data.ToArray());
        return true;
    }

    /// <summary>Value equality over all fields (the canonical encodings are equal).</summary>
    public bool Equals(NodeInfo? other)
        => other is not null && _encoded.AsSpan().SequenceEqual(other._encoded);

    /// <inheritdoc />
    public override int GetHashCode() => Id.GetHashCode();

    /// <summary>Short, log-friendly form (id prefix, kind, name).</summary>
    public override string ToString() => $"NodeInfo({Id.ToShortString()}, {Kind}, \"{Name}\")";

    private static NodeInfoError Validate(int keyLength, string name, int nameBytes, ClientKind kind, string[] modules)
    {
        if (keyLength != NodeIdentity.PublicKeyLength)
        {
            return NodeInfoError.InvalidPublicKey;
        }

        if (!Enum.IsDefined(kind))
        {
            return NodeInfoError.InvalidKind;
        }

        if (nameBytes > MaxNameBytes || name.Any(char.IsControl))
        {
            return NodeInfoError.InvalidName;
        }

        if (modules.Length > MaxModules)
        {
            return NodeInfoError.InvalidModules;
        }

        for (var i = 0; i < modules.Length; i++)
        {
            var m = modules[i];
            if (m is null || m.Length == 0 || m.Length > MaxModuleNameLength || !m.All(IsModuleChar)
                || Array.IndexOf(modules, m, 0, i) >= 0)
            {
                return NodeInfoError.InvalidModules;
            }
        }

        return NodeInfoError.None;
    }

    private static bool IsModuleChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-';

    private static bool IsModuleName(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (!IsModuleChar((char)b))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] EncodeFields(byte[] key, string name, ClientKind kind, string[] modules)
    {
        var nameLength = Encoding.UTF8.GetByteCount(name);
        var length = 2 + key.Length + 1 + nameLength + 1 + modules.Sum(m => 1 + m.Length);
        var buffer = new byte[length];
        var span = buffer.AsSpan();
        span[0] = EncodingVersion;
        span[1] = (byte)kind;
        key.CopyTo(span[2..]);
        var pos = 2 + key.Length;
        span[pos++] = (byte)nameLength;
        pos += Encoding.UTF8.GetBytes(name, span[pos..]);
        span[pos++] = (byte)modules.Length;
        foreach (var m in modules)
        {
            span[pos++] = (byte)m.Length;
            pos += Encoding.ASCII.GetBytes(m, span[pos..]);
        }

        return buffer;
    }
}
