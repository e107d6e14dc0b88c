using System.Security.Cryptography;

namespace Fledger.WebRtc.Dtls;

/// <summary>
/// A certificate fingerprint as carried in SDP (<c>a=fingerprint:sha-256 AB:CD:...</c>).
/// Immutable; equality compares algorithm and bytes.
/// </summary>
/// <remarks>RFC 8122 §5 (syntax), RFC 8827 §6.5 (WebRTC requires the fingerprint check).</remarks>
public sealed class DtlsFingerprint : IEquatable<DtlsFingerprint>
{
    /// <summary>Longest accepted textual form (sha-512 needs 8 + 64 * 3 - 1 characters).</summary>
    public const int MaxTextLength = 256;

    private readonly byte[] _value;

    private DtlsFingerprint(DtlsHashAlgorithm algorithm, byte[] value)
    {
        Algorithm = algorithm;
        _value = value;
    }

    /// <summary>The hash function.</summary>
    public DtlsHashAlgorithm Algorithm { get; }

    /// <summary>The digest bytes.</summary>
    public ReadOnlySpan<byte> Value => _value;

    /// <summary>Computes the fingerprint of a DER-encoded certificate.</summary>
    public static DtlsFingerprint Compute(DtlsHashAlgorithm algorithm, ReadOnlySpan<byte> derCertificate) =>
        new(algorithm, Hash(algorithm, derCertificate));

    /// <summary>Creates a fingerprint from raw digest bytes (length must match the algorithm).</summary>
    public static bool TryCreate(DtlsHashAlgorithm algorithm, ReadOnlySpan<byte> digest, out DtlsFingerprint? fingerprint)
    {
        fingerprint = digest.Length == DigestLength(algorithm) ? new DtlsFingerprint(algorithm, digest.ToArray()) : null;
        return fingerprint is not null;
    }

    /// <summary>Parses the SDP form <c>sha-256 AB:CD:...</c> (hash name case-insensitive, hex either case).</summary>
    public static DtlsFingerprintError TryParse(ReadOnlySpan<char> text, out DtlsFingerprint? fingerprint)
    {
        fingerprint = null;
        text = text.Trim();
        if (text.IsEmpty || text.Length > MaxTextLength)
        {
            return DtlsFingerprintError.Malformed;
        }

        var space = text.IndexOf(' ');
        if (space <= 0)
        {
            return DtlsFingerprintError.Malformed;
        }

        if (!TryParseAlgorithm(text[..space], out var algorithm))
        {
            return DtlsFingerprintError.UnsupportedHashFunction;
        }

        var hex = text[(space + 1)..].TrimStart();
        var expected = DigestLength(algorithm);
        if ((hex.Length + 1) % 3 != 0)
        {
            return DtlsFingerprintError.InvalidHex;
        }

        var count = (hex.Length + 1) / 3;
        if (count != expected)
        {
            return DtlsFingerprintError.WrongLength;
        }

        var bytes = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var at = i * 3;
            var hi = HexValue(hex[at]);
            var lo = HexValue(hex[at + 1]);
            if (hi < 0 || lo < 0 || (i < count - 1 && hex[at + 2] != ':'))
            {
                return DtlsFingerprintError.InvalidHex;
            }

            bytes[i] = (byte)((hi << 4) | lo);
        }

        fingerprint = new DtlsFingerprint(algorithm, bytes);
        return DtlsFingerprintError.None;
    }

    /// <summary>The SDP hash-func name (<c>sha-256</c>).</summary>
    public static string AlgorithmName(DtlsHashAlgorithm algorithm) => algorithm switch
    {
        DtlsHashAlgorithm.Sha1 => "sha-1",
        DtlsHashAlgorithm.Sha256 => "sha-256",
        DtlsHashAlgorithm.Sha384 => "sha-384",
        DtlsHashAlgorithm.Sha512 => "sha-512",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    /// <summary>True when <paramref name="derCertificate"/> hashes to this fingerprint (constant-time compare).</summary>
    public bool Matches(ReadOnlySpan<byte> derCertificate) =>
        CryptographicOperations.FixedTimeEquals(Hash(Algorithm, derCertificate), _value);

    /// <summary>The SDP form, e.g. <c>sha-256 AB:CD:...</c>.</summary>
    public override string ToString() =>
        AlgorithmName(Algorithm) + " " + string.Join(':', _value.Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));

    /// <inheritdoc />
    public bool Equals(DtlsFingerprint? other) =>
        other is not null && other.Algorithm == Algorithm && CryptographicOperations.FixedTimeEquals(other._value, _value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as DtlsFingerprint);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Algorithm, BitConverter.ToInt32(_value, 0));

    internal static int DigestLength(DtlsHashAlgorithm algorithm) => algorithm switch
    {
        DtlsHashAlgorithm.Sha1 => 20,
        DtlsHashAlgorithm.Sha256 => 32,
        DtlsHashAlgorithm.Sha384 => 48,
        DtlsHashAlgorithm.Sha512 => 64,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    private static byte[] Hash(DtlsHashAlgorithm algorithm, ReadOnlySpan<byte> data) => algorithm switch
    {
        DtlsHashAlgorithm.Sha1 => SHA1.HashData(data),
        DtlsHashAlgorithm.Sha256 => SHA256.HashData(data),
        DtlsHashAlgorithm.Sha384 => SHA384.HashData(data),
        DtlsHashAlgorithm.Sha512 => SHA512.HashData(data),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm)),
    };

    private static bool TryParseAlgorithm(ReadOnlySpan<char> name, out DtlsHashAlgorithm algorithm)
    {
        foreach (var candidate in Enum.GetValues<DtlsHashAlgorithm>())
        {
            if (name.Equals(AlgorithmName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = default;
        return false;
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
