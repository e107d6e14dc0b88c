namespace Fledger.WebRtc.Sctp;

/// <summary>Why an SCTP packet or chunk was refused by the parser.</summary>
public enum SctpParseError
{
    /// <summary>No error.</summary>
    None,

    /// <summary>Shorter than the 12-byte common header, or larger than the size cap.</summary>
    InvalidPacketSize,

    /// <summary>The CRC32c does not match.</summary>
    BadChecksum,

    /// <summary>A chunk header is cut off, or its length field is below 4 or beyond the packet.</summary>
    InvalidChunkLength,

    /// <summary>More chunks than the parser accepts in one packet.</summary>
    TooManyChunks,

    /// <summary>A chunk's value is too short or inconsistent for its type.</summary>
    InvalidChunkValue,

    /// <summary>A DATA chunk carries no user data (RFC 9260 §3.3.1).</summary>
    EmptyDataChunk,

    /// <summary>A parameter or error cause has an invalid length.</summary>
    InvalidParameter,

    /// <summary>An INIT or INIT ACK has a zero tag or zero stream counts.</summary>
    InvalidInit,

    /// <summary>The packet bundles INIT / INIT ACK / SHUTDOWN COMPLETE with other chunks.</summary>
    InvalidBundling,
}
