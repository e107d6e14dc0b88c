using System.Security.Cryptography;
using Org.BouncyCastle.Math.EC.Rfc8032;

namespace Fledger.Core.Identity;

/// <summary>
/// A node's Ed25519 key pair. The private key never leaves this object except through
/// <see cref="ExportPrivateKey"/> (for persistence).
/// </summary>
/// <remarks>
/// Ed25519 as in RFC 8032 section 5.1 (https://www.rfc-editor.org/rfc/rfc8032#section-5.1),
/// implemented by BouncyCastle so the same code runs natively and in Blazor WebAssembly
/// (.NET has no built-in Ed25519). The private key is the 32-byte RFC 8032 seed.
/// </remarks>
public sealed class NodeIdentity
{
    /// <summary>Length of a private key (seed) in bytes.</summary>
    public const int PrivateKeyLength = 32;

    /// <summary>Length of a public key in bytes.</summary>
    public const int PublicKeyLength = 32;

    /// <summary>Length of a signature in bytes.</summary>
    public const int SignatureLength = 64;

    private readonly byte[] _privateKey;
    private readonly byte[] _publicKey;

    private NodeIdentity(byte[] privateKey)
    {
        _privateKey = privateKey;
        _publicKey = new byte[PublicKeyLength];
        Ed25519.GeneratePublicKey(_privateKey, 0, _publicKey, 0);
        Id = NodeId.FromPublicKey(_publicKey);
    }

    /// <summary>The node id: SHA-256 of <see cref="PublicKey"/>.</summary>
    public NodeId Id { get; }

    /// <summary>The 32-byte Ed25519 public key.</summary>
    public ReadOnlyMemory<byte> PublicKey => _publicKey;

    /// <summary>Generates a fresh key pair from the system's cryptographic random source.</summary>
    public static NodeIdentity Generate()
    {
        var seed = new byte[PrivateKeyLength];
        RandomNumberGenerator.Fill(seed);
        return new NodeIdentity(seed);
    }

    /// <summary>Generates a key pair from an injected random source (tests, simulations).</summary>
    public static NodeIdentity Generate(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var seed = new byte[PrivateKeyLength];
        random.NextBytes(seed);
        return new NodeIdentity(seed);
    }

    /// <summary>Restores a key pair from the 32 bytes returned by <see cref="ExportPrivateKey"/>.</summary>
    /// <returns>False when <paramref name="privateKey"/> is not 32 bytes long.</returns>
    public static bool TryImportPrivateKey(ReadOnlySpan<byte> privateKey, out NodeIdentity? identity)
    {
        if (privateKey.Length != PrivateKeyLength)
        {
            identity = null;
            return false;
        }

        identity = new NodeIdentity(privateKey.ToArray());
        return true;
    }

    /// <summary>Restores a key pair from the 32 bytes returned by <see cref="ExportPrivateKey"/>.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes long.</exception>
    public static NodeIdentity ImportPrivateKey(ReadOnlySpan<byte> privateKey)
        => TryImportPrivateKey(privateKey, out var identity)
            ? identity!
            : throw new ArgumentException($"An Ed25519 private key is {PrivateKeyLength} bytes.", nameof(privateKey));

    /// <summary>Returns a copy of the 32-byte private key (seed) for persistence. Keep it secret.</summary>
    public byte[] ExportPrivateKey() => (byte[])_privateKey.Clone();

    /// <summary>Signs <paramref name="data"/> and returns the 64-byte signature.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        var signature = new byte[SignatureLength];
        Ed25519.Sign(_privateKey.AsSpan(), _publicKey.AsSpan(), data, signature.AsSpan());
        return signature;
    }

    /// <summary>Verifies an Ed25519 signature. Returns false (never throws) for keys or signatures of the wrong length or form.</summary>
    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != PublicKeyLength || signature.Length != SignatureLength)
        {
            return false;
        }

        return Ed25519.Verify(signature, publicKey, data);
    }

    /// <summary>Builds this node's <see cref="NodeInfo"/> (validated; see <see cref="NodeInfo.TryCreate"/>).</summary>
    /// <exception cref="ArgumentException">The name or module list breaks the limits of <see cref="NodeInfo"/>.</exception>
    public NodeInfo CreateNodeInfo(string name, ClientKind kind, IEnumerable<string>? modules = null)
        => NodeInfo.TryCreate(_publicKey, name, kind, modules ?? [], out var info, out var error)
            ? info!
            : throw new ArgumentException($"Invalid node info: {error}.");

    /// <summary>Shows only the id; never the key.</summary>
    public override string ToString() => $"NodeIdentity({Id.ToShortString()})";
}
