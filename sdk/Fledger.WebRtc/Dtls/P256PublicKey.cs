using System.Security.Cryptography;

namespace Fledger.WebRtc.Dtls;

/// <summary>An imported P-256 public key shared by the handshakes that verify with it (see <see cref="P256PublicKeyCache"/>).</summary>
internal sealed class P256PublicKey(byte[] encodedPoint, ECDsa key)
{
    private readonly Lock _verifyLock = new();

    /// <summary>The uncompressed point (0x04 || X || Y) it was imported from.</summary>
    public byte[] EncodedPoint { get; } = encodedPoint;

    /// <summary>Verifies an IEEE P1363 (r || s) signature of a hash; false when it does not match.</summary>
    /// <remarks>Serialized: .NET does not promise that one <see cref="ECDsa"/> instance is thread-safe.</remarks>
    public bool VerifyHash(ReadOnlySpan<byte> hash, ReadOnlySpan<byte> p1363)
    {
        lock (_verifyLock)
        {
            return key.VerifyHash(hash, p1363, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
    }
}
