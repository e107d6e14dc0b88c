namespace Fledger.WebRtc.DataChannels;

/// <summary>Payload protocol identifiers of WebRTC data channels (RFC 8831 §8).</summary>
public static class DataChannelPpid
{
    /// <summary>DCEP.</summary>
    public const uint Dcep = 50;

    /// <summary>UTF-8 string.</summary>
    public const uint String = 51;

    /// <summary>Binary.</summary>
    public const uint Binary = 53;

    /// <summary>Empty string (sent as one zero byte).</summary>
    public const uint StringEmpty = 56;

    /// <summary>Empty binary (sent as one zero byte).</summary>
    public const uint BinaryEmpty = 57;
}
