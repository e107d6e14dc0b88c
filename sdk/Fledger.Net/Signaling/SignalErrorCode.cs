namespace Fledger.Net.Signaling;

/// <summary>Why the signaling server refused a message. Sent as the <c>Error(code, detail)</c> message.</summary>
public enum SignalErrorCode
{
    /// <summary>The request needs an announced node (call Announce first).</summary>
    NotAnnounced = 1,

    /// <summary>The announce signature did not verify against the announced public key.</summary>
    BadSignature = 2,

    /// <summary>The nonce is not this connection's current challenge: expired, already used or replayed.</summary>
    StaleChallenge = 3,

    /// <summary>The relay target is not connected.</summary>
    UnknownTarget = 4,

    /// <summary>A field is larger than the server accepts.</summary>
    TooLarge = 5,

    /// <summary>The connection sent too many messages; this one was dropped.</summary>
    RateLimited = 6,

    /// <summary>The client speaks a protocol version the server does not.</summary>
    UnsupportedVersion = 7,

    /// <summary>Another connection proved the same key; this connection is closed.</summary>
    Replaced = 8,

    /// <summary>A field is missing or cannot be parsed.</summary>
    Malformed = 9,

    /// <summary>The server has reached its connection limit; this connection is closed.</summary>
    ServerFull = 10,

    /// <summary>A shared resource of the server (its Redis registry or backplane) is briefly down; the message was not delivered. Retry later.</summary>
    Unavailable = 11,
}
