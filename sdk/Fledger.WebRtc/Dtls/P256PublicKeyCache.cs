using System.Security.Cryptography;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// The imported .NET <see cref="ECDsa"/> public keys of the last few peer certificates, keyed by their exact public point:
/// importing a P-256 public key into OpenSSL 3 costs ~0.11–0.14 ms (more than verifying with it, ~0.075 ms), so a peer
/// that connects again with the same certificate (our own processes share one, <see cref="DtlsCertificate.Shared"/>)
/// skips the import. Only public keys are kept; the fingerprint and signature checks of every handshake are unchanged.
/// </summary>
/// <remarks>RFC 5480 §2.2 (the key is the exact uncompressed point of the certificate).</remarks>
internal sealed class P256PublicKeyCache
{
    /// <summary>Keys kept at most; the least recently used one is dropped first.</summary>
    public const int Capacity = 16;

    private readonly Lock _gate = new();
    private readonly List<P256PublicKey> _keys = [];

    /// <summary>The process-wide cache the handshakes use.</summary>
    public static P256PublicKeyCache Shared { get; } = new();

    /// <summary>Keys cached right now (for tests).</summary>
    internal int Count
    {
        get
        {
            lock (_gate)
            {
                return _keys.Count;
            }
        }
    }

    /// <summary>Whether the key of this uncompressed point is cached (for tests).</summary>
    internal bool Contains(ReadOnlySpan<byte> encodedPoint)
    {
        lock (_gate)
        {
            foreach (var cached in _keys)
            {
                if (encodedPoint.SequenceEqual(cached.EncodedPoint))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The key for an uncompressed point (0x04 || X || Y), imported on first use.</summary>
    /// <exception cref="CryptographicException">The point is not on P-256 (OpenSSL rejects the import).</exception>
    public P256PublicKey Get(ReadOnlySpan<byte> encodedPoint, ECPoint point)
    {
        lock (_gate)
        {
            for (var i = _keys.Count - 1; i >= 0; i--)
            {
                var cached = _keys[i];
                if (encodedPoint.SequenceEqual(cached.EncodedPoint))
                {
                    _keys.RemoveAt(i);
                    _keys.Add(cached);
                    return cached;
                }
            }
        }

        // Imported outside the lock (the slow part); two racing imports of one key both work, one stays cached.
        var key = new P256PublicKey(encodedPoint.ToArray(), ECDsa.Create(P256.PublicParameters(point)));
        lock (_gate)
        {
            if (_keys.Count >= Capacity)
            {
                // Not disposed: a handshake may still verify with it; the finalizer frees it once unused.
                _keys.RemoveAt(0);
            }

            _keys.Add(key);
        }

        return key;
    }
}
