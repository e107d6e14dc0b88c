using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// A peer's P-256 public key as an OpenSSL <c>EC_KEY</c> in libcrypto (the library .NET's own cryptography uses on Linux),
/// for verifying its ECDSA signatures. Through .NET, importing the key and verifying costs ~0.26 ms in all (the import
/// dominates); this direct path ~0.08 ms, on the critical path of both sides' second flight against a peer with a fresh
/// certificate (Chromium). <see cref="IsAvailable"/> is false where libcrypto 3 cannot be loaded; callers then keep .NET's
/// <see cref="ECDsa"/> (<see cref="P256PublicKeyCache"/>).
/// </summary>
/// <remarks>
/// SEC 1 v2 §2.3.4 and OpenSSL's EC_POINT_oct2point(3): the point is decoded and checked to be on the curve on import
/// (P-256 has cofactor 1, so on the curve and not at infinity is a full validation). ECDSA_verify(3) takes the DER
/// signature, which the caller has already checked to be distinguished (<see cref="EcdsaDerSignature"/>).
/// </remarks>
internal sealed class OpenSslP256Key : SafeHandle
{
    private const string LibCrypto = "libcrypto.so.3";
    private const int NidPrime256V1 = 415; // NID_X9_62_prime256v1

    private static readonly Lazy<bool> Available = new(Probe);

    private OpenSslP256Key()
        : base(0, ownsHandle: true)
    {
    }

    /// <summary>Whether libcrypto 3 is loaded and verifies a .NET signature (and refuses a wrong one) as expected.</summary>
    public static bool IsAvailable => Available.Value;

    public override bool IsInvalid => handle == 0;

    /// <summary>Imports an uncompressed point (0x04 || X || Y); null when it is not a point on P-256.</summary>
    public static OpenSslP256Key? TryImport(byte[] uncompressedPoint)
    {
        if (uncompressedPoint is not { Length: P256.UncompressedPointSize } || uncompressedPoint[0] != 0x04)
        {
            return null;
        }

        var key = new OpenSslP256Key();
        nint point = 0;
        try
        {
            key.SetHandle(EC_KEY_new_by_curve_name(NidPrime256V1));
            if (key.IsInvalid)
            {
                return null;
            }

            var group = EC_KEY_get0_group(key.handle);
            point = EC_POINT_new(group);
            var imported = point != 0
                && EC_POINT_oct2point(group, point, uncompressedPoint, (nuint)uncompressedPoint.Length, 0) == 1
                && EC_KEY_set_public_key(key.handle, point) == 1;
            if (!imported)
            {
                return null;
            }

            var result = key;
            key = null;
            return result;
        }
        finally
        {
            if (point != 0)
            {
                EC_POINT_free(point);
            }

            key?.Dispose();
            ERR_clear_error(); // a refused point leaves errors on this thread's queue: .NET must not see them
        }
    }

    /// <summary>Verifies a DER ECDSA signature of a hash; false when it does not match (or OpenSSL reports an error).</summary>
    public bool VerifyHash(byte[] hash, byte[] derSignature)
    {
        var added = false;
        try
        {
            DangerousAddRef(ref added);
            return ECDSA_verify(0, hash, hash.Length, derSignature, derSignature.Length, handle) == 1;
        }
        finally
        {
            if (added)
            {
                DangerousRelease();
            }

            ERR_clear_error();
        }
    }

    protected override bool ReleaseHandle()
    {
        EC_KEY_free(handle);
        return true;
    }

    /// <summary>Loads libcrypto and checks a .NET signature verifies and a tampered hash does not (once per process).</summary>
    private static bool Probe()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            using var signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var hash = SHA256.HashData("fledger p-256 probe"u8);
            var signature = signer.SignHash(hash, DSASignatureFormat.Rfc3279DerSequence);
            using var key = TryImport(P256.EncodeUncompressed(signer.ExportParameters(false).Q));
            var tampered = (byte[])hash.Clone();
            tampered[0] ^= 0x01;
            return key is not null && key.VerifyHash(hash, signature) && !key.VerifyHash(tampered, signature);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    }

    [DllImport(LibCrypto)]
    private static extern nint EC_KEY_new_by_curve_name(int nid);

    [DllImport(LibCrypto)]
    private static extern nint EC_KEY_get0_group(nint key);

    [DllImport(LibCrypto)]
    private static extern int EC_KEY_set_public_key(nint key, nint point);

    [DllImport(LibCrypto)]
    private static extern void EC_KEY_free(nint key);

    [DllImport(LibCrypto)]
    private static extern nint EC_POINT_new(nint group);

    [DllImport(LibCrypto)]
    private static extern int EC_POINT_oct2point(nint group, nint point, byte[] buffer, nuint length, nint context);

    [DllImport(LibCrypto)]
    private static extern void EC_POINT_free(nint point);

    [DllImport(LibCrypto)]
    private static extern int ECDSA_verify(int type, byte[] digest, int digestLength, byte[] signature, int signatureLength, nint key);

    [DllImport(LibCrypto)]
    private static extern void ERR_clear_error();
}
