namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>The deterministic message contents harness.js sends, and their FNV-1a checksums.</summary>
public static class Pattern
{
    /// <summary>Checksum of harness.js's patternText(size, seed).</summary>
    public static uint TextChecksum(int size, int seed)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz";
        return Fnv1a(size, i => alphabet[(i + seed) % 26]);
    }

    /// <summary>Checksum of harness.js's patternBytes(size, seed).</summary>
    public static uint BinaryChecksum(int size, int seed) => Fnv1a(size, i => (byte)((i * 7) + seed));

    private static uint Fnv1a(int length, Func<int, int> at)
    {
        var hash = 0x811c9dc5u;
        for (var i = 0; i < length; i++)
        {
            hash ^= (uint)at(i);
            hash *= 0x01000193u;
        }
        return hash;
    }
}
