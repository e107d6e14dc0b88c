using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Security;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// A self-signed ECDSA P-256 certificate for DTLS, identified to the peer by its SHA-256 fingerprint in SDP.
/// Generated with .NET's OpenSSL-backed ECDSA (well under a millisecond warm): create one per process (see
/// <see cref="Shared"/>) or per peer connection.
/// </summary>
/// <remarks>RFC 8827 §6.5 (self-signed certificates, fingerprint in SDP); RFC 8122 §5.</remarks>
public sealed class DtlsCertificate
{
    private static readonly Lazy<DtlsCertificate> SharedInstance =
        new(() => Generate(TimeProvider.System), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly byte[] _der;
    private readonly ECDsa _signingKey;
    private readonly Lock _signLock = new();

    private DtlsCertificate(byte[] der, ECDsa signingKey)
    {
        _der = der;
        _signingKey = signingKey;
        Fingerprint = DtlsFingerprint.Compute(DtlsHashAlgorithm.Sha256, der);
        Structure = X509CertificateStructure.GetInstance(der);
    }

    /// <summary>A process-wide certificate generated on first use with the system clock.</summary>
    public static DtlsCertificate Shared => SharedInstance.Value;

    /// <summary>The SHA-256 fingerprint to put in <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The DER encoding of the X.509 certificate.</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>The DER encoding (never modified: callers that hand it out copy it).</summary>
    internal byte[] DerArray => _der;

    /// <summary>The parsed certificate (immutable), so handshakes do not parse our own certificate again.</summary>
    internal X509CertificateStructure Structure { get; }

    /// <summary>Signs a TLS 1.2 handshake hash with the certificate's key on .NET's <see cref="ECDsa"/> (OpenSSL), DER-encoded.</summary>
    /// <remarks>RFC 8422 §5.4: ECDSA signatures in TLS are the DER Ecdsa-Sig-Value of RFC 3279 §2.2.3.</remarks>
    internal byte[] SignHash(ReadOnlySpan<byte> hash)
    {
        // One key shared by every handshake of the process (Shared): .NET does not promise thread safety per instance.
        lock (_signLock)
        {
            return _signingKey.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
        }
    }

    /// <summary>
    /// Generates a new P-256 key pair (OpenSSL) and a self-signed certificate valid from one day before now for 30 days
    /// (WebRTC certificates are short-lived; a process that lives longer should generate a new one).
    /// </summary>
    /// <param name="timeProvider">Clock for the validity period.</param>
    /// <param name="random">Randomness for the serial number; the operating system's generator when null. The key pair
    /// and the ECDSA nonce always come from OpenSSL's generator.</param>
    public static DtlsCertificate Generate(TimeProvider timeProvider, SecureRandom? random = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        try
        {
            var name = new X500DistinguishedName("CN=fledger-webrtc");
            var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
            var serial = new byte[8];
            if (random is null)
            {
                RandomNumberGenerator.Fill(serial);
            }
            else
            {
                random.NextBytes(serial);
            }

            serial[0] = (byte)((serial[0] & 0x7F) | 0x01); // positive and non-zero (RFC 5280 §4.1.2.2)
            var now = timeProvider.GetUtcNow();
            using var certificate = request.Create(name, X509SignatureGenerator.CreateForECDsa(key), now.AddDays(-1), now.AddDays(30), serial);
            return new DtlsCertificate(certificate.RawData, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }
}
