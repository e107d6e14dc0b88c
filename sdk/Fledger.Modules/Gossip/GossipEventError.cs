namespace Fledger.Modules.Gossip;

/// <summary>Why an encoded gossip event was rejected.</summary>
public enum GossipEventError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Shorter than its fields say.</summary>
    Truncated,

    /// <summary>Longer than <see cref="GossipEvent.MaxEncodedLength"/>, or bytes after the signature.</summary>
    BadLength,

    /// <summary>An encoding version other than <see cref="GossipEvent.EncodingVersion"/>.</summary>
    UnsupportedVersion,

    /// <summary>An unknown <see cref="GossipCategory"/>.</summary>
    UnknownCategory,

    /// <summary>Content longer than <see cref="GossipEvent.MaxContentBytes"/>, or not valid for its category.</summary>
    InvalidContent,

    /// <summary>The author id is not the SHA-256 of the author's public key (forged).</summary>
    AuthorMismatch,

    /// <summary>The Ed25519 signature does not verify (forged).</summary>
    BadSignature,
}
