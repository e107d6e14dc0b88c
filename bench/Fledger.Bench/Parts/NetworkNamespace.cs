namespace Fledger.Bench.Parts;

/// <summary>Whether Chromium parts may run here: Chromium installed and this process inside the namespace <c>scripts/in-netns.sh</c> makes.</summary>
internal static class NetworkNamespace
{
    /// <summary>The Chromium the browser benchmarks launch.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>Null when the Chromium parts can run; else why not.</summary>
    public static string? WhyNot(string devices = "/proc/net/dev", string chromium = ChromiumPath)
    {
        if (!File.Exists(chromium))
        {
            return $"Chromium is not installed ({chromium}; apt-get install -y chromium)";
        }

        // Inside scripts/in-netns.sh there are exactly lo and the veth pair d0/d1 (d0 = 10.200.0.1, default route, no
        // way out). Anywhere else Chromium would gather candidates on real interfaces, which the network rule forbids.
        // /proc/net/dev lists the interfaces of the reader's own namespace (/sys/class/net would show the mounter's).
        var interfaces = Interfaces(devices);
        return interfaces.SequenceEqual(["d0", "d1", "lo"])
            ? null
            : $"not inside the benchmark network namespace (interfaces: {string.Join(' ', interfaces)}); run scripts/bench.sh, which re-runs itself in one via scripts/in-netns.sh";
    }

    /// <summary>The interface names in a <c>/proc/net/dev</c> file, sorted; empty when unreadable.</summary>
    internal static string[] Interfaces(string devices)
    {
        try
        {
            return [.. File.ReadLines(devices)
                .Where(l => l.Contains(':', StringComparison.Ordinal))
                .Select(l => l[..l.IndexOf(':', StringComparison.Ordinal)].Trim())
                .Order(StringComparer.Ordinal)];
        }
        catch (IOException)
        {
            return [];
        }
    }
}
