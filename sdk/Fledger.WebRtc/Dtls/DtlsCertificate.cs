using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities;
using Org.BouncyCastle.X509;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// A self-signed ECDSA P-256 certificate for DTLS, identified to the peer by its SHA-256 fingerprint in SDP.
/// Key generation costs a few milliseconds: create one per process (see <see cref="Shared"/>) or per peer connection.
/// </summary>
/// <remarks>RFC 8827 §6.5 (self-signed certificates, fingerprint in SDP); RFC 8122 §5.</remarks>
public sealed class DtlsCertificate
{
    private static readonly Lazy<DtlsCertificate> SharedInstance =
        new(() => Generate(TimeProvider.System), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly byte[] _der;
    private readonly ECDsa _signingKey;
    private readonly Lock _signLock = new();

    private DtlsCertificate(byte[] der, ECPrivateKeyParameters privateKey, ECPublicKeyParameters publicKey)
    {
        _der = der;
        Fingerprint = DtlsFingerprint.Compute(DtlsHashAlgorithm.Sha256, der);
        Structure = X509CertificateStructure.GetInstance(der);
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = BigIntegers.AsUnsignedByteArray(P256.FieldSize, privateKey.D),
            Q = new System.Security.Cryptography.ECPoint
            {
                X = publicKey.Q.Normalize().AffineXCoord.GetEncoded(),
                Y = publicKey.Q.Normalize().AffineYCoord.GetEncoded(),
            },
        };
        try
        {
            _signingKey = ECDsa.Create(parameters);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    /// <summary>A process-wide certificate generated on first use with the system clock.</summary>
    public static DtlsCertificate Shared => SharedInstance.Value;

    /// <summary>The SHA-256 fingerprint to put in <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The DER encoding of the X.509 certificate.</summary>
    public ReadOnlySpan<byte> Der => _der;

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
    /// Generates a new key pair and self-signed certificate valid from one day before now for 30 days
    /// (WebRTC certificates are short-lived; a process that lives longer should generate a new one).
    /// </summary>
    /// <param name="timeProvider">Clock for the validity period.</param>
    /// <param name="random">Randomness for key generation and signing; a fresh <see cref="SecureRandom"/> when null.</param>
    public static DtlsCertificate Generate(TimeProvider timeProvider, SecureRandom? random = null)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        random ??= new SecureRandom();
        var curve = ECNamedDomainParameters.LookupOid(Org.BouncyCastle.Asn1.Sec.SecObjectIdentifiers.SecP256r1);
        var generator = new ECKeyPairGenerator("EC");
        generator.Init(new ECKeyGenerationParameters(curve, random));
        var keys = generator.GenerateKeyPair();

        var now = timeProvider.GetUtcNow().UtcDateTime;
        var name = new X509Name("CN=fledger-webrtc");
        var builder = new X509V3CertificateGenerator();
        builder.SetSerialNumber(new BigInteger(63, random).Add(BigInteger.One));
        builder.SetIssuerDN(name);
        builder.SetSubjectDN(name);
        builder.SetNotBefore(now.AddDays(-1));
        builder.SetNotAfter(now.AddDays(30));
        builder.SetPublicKey(keys.Public);
        var certificate = builder.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keys.Private, random));
        return new DtlsCertificate(certificate.GetEncoded(), (ECPrivateKeyParameters)keys.Private, (ECPublicKeyParameters)keys.Public);
    }
}
