using System.Security.Cryptography;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Tls.Crypto;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// A BouncyCastle <see cref="IDigest"/> on .NET's native SHA-2 (<see cref="IncrementalHash"/>, OpenSSL): the handshake
/// transcript hash, the HMACs of the TLS 1.2 PRF (master secret, key block, Finished) and the hashes that get signed all
/// run through <see cref="DtlsCrypto.CreateDigest"/>, ~7x faster than BouncyCastle's managed SHA-256.
/// </summary>
/// <remarks>RFC 5246 §5 (PRF with HMAC-SHA256/384), §7.4.9 (Finished), FIPS 180-4.</remarks>
internal sealed class NativeDigest : IDigest
{
    private readonly HashAlgorithmName _algorithm;
    private readonly int _blockSize;
    private IncrementalHash _hash;

    private NativeDigest(HashAlgorithmName algorithm, int blockSize, IncrementalHash hash)
    {
        _algorithm = algorithm;
        _blockSize = blockSize;
        _hash = hash;
    }

    /// <summary>A native digest for a TLS <see cref="CryptoHashAlgorithm"/>; null for one it does not cover.</summary>
    public static NativeDigest? TryCreate(int cryptoHashAlgorithm) => cryptoHashAlgorithm switch
    {
        CryptoHashAlgorithm.sha256 => new NativeDigest(HashAlgorithmName.SHA256, 64, IncrementalHash.CreateHash(HashAlgorithmName.SHA256)),
        CryptoHashAlgorithm.sha384 => new NativeDigest(HashAlgorithmName.SHA384, 128, IncrementalHash.CreateHash(HashAlgorithmName.SHA384)),
        CryptoHashAlgorithm.sha512 => new NativeDigest(HashAlgorithmName.SHA512, 128, IncrementalHash.CreateHash(HashAlgorithmName.SHA512)),
        _ => null,
    };

    public string AlgorithmName => _algorithm.Name!.Insert(3, "-");

    public int GetDigestSize() => _hash.HashLengthInBytes;

    public int GetByteLength() => _blockSize;

    /// <summary>An independent copy with the same input so far (for transcript hashes taken mid-handshake).</summary>
    public NativeDigest Clone() => new(_algorithm, _blockSize, _hash.Clone());

    public void Update(byte input) => _hash.AppendData((ReadOnlySpan<byte>)[input]);

    public void BlockUpdate(byte[] input, int inOff, int inLen) => _hash.AppendData(input, inOff, inLen);

    public void BlockUpdate(ReadOnlySpan<byte> input) => _hash.AppendData(input);

    public int DoFinal(byte[] output, int outOff) => DoFinal(output.AsSpan(outOff));

    public int DoFinal(Span<byte> output) => _hash.GetHashAndReset(output);

    public void Reset()
    {
        var fresh = IncrementalHash.CreateHash(_algorithm);
        _hash.Dispose();
        _hash = fresh;
    }
}
