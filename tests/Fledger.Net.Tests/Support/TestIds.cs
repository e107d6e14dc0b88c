using Fledger.Core.Identity;

namespace Fledger.Net.Tests.Support;

public static class TestIds
{
    /// <summary>A node id whose bytes are all <paramref name="fill"/>: ordering follows <paramref name="fill"/>.</summary>
    public static NodeId Of(byte fill)
    {
        var bytes = new byte[NodeId.ByteLength];
        Array.Fill(bytes, fill);
        return NodeId.FromBytes(bytes);
    }
}
