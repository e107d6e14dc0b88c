namespace Fledger.WebRtc.Dtls;

/// <summary>Why an SDP fingerprint value could not be parsed.</summary>
public enum DtlsFingerprintError
{
    /// <summary>Parsed successfully.</summary>
    None,

    /// <summary>Empty, too long, or not of the form <c>hash-func SP hex:hex:...</c>.</summary>
    Malformed,

    /// <summary>The hash function is not one of sha-1, sha-256, sha-384, sha-512.</summary>
    UnsupportedHashFunction,

    /// <summary>A byte is not two hexadecimal digits, or separators are wrong.</summary>
    InvalidHex,

    /// <summary>The number of bytes does not match the hash function's output size.</summary>
    WrongLength,
}
