namespace Fledger.Core.Identity;

/// <summary>Why a <see cref="NodeInfo"/> could not be created or decoded.</summary>
public enum NodeInfoError
{
    /// <summary>No error.</summary>
    None = 0,

    /// <summary>The encoding is shorter than its fields say, or has trailing bytes.</summary>
    Truncated,

    /// <summary>Unknown encoding version byte.</summary>
    UnsupportedVersion,

    /// <summary>The public key is not 32 bytes.</summary>
    InvalidPublicKey,

    /// <summary>Undefined <see cref="ClientKind"/> value.</summary>
    InvalidKind,

    /// <summary>The name is too long, not valid UTF-8 or contains control characters.</summary>
    InvalidName,

    /// <summary>Too many modules, or a module name that is empty, too long or has characters outside [a-z0-9._-].</summary>
    InvalidModules,

    /// <summary>The encoding is longer than <see cref="NodeInfo.MaxEncodedLength"/>.</summary>
    TooLarge,
}
