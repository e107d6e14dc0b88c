using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
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

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        _der = der;
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.Compute(DtlsHashAlgorithm.Sha256, der);
    }

    /// <summary>A process-wide certificate generated on first use with the system clock.</summary>
    public static DtlsCertificate Shared => SharedInstance.Value;

    /// <summary>The SHA-256 fingerprint to put in <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>The DER encoding of the X.509 certificate.</summary>
    public ReadOnlySpan<byte> Der => _der;

    internal AsymmetricKeyParameter PrivateKey { get; }

    internal byte[] DerArray => _der;

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
        return new DtlsCertificate(certificate.GetEncoded(), keys.Private);
    }
}
