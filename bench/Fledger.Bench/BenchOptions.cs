using System.Globalization;

namespace Fledger.Bench;

/// <summary>Options of the one-run benchmark (<c>scripts/bench.sh</c> passes them through).</summary>
/// <param name="Root">The repository root (builds are read from each project's <c>bin/Release/net10.0</c>).</param>
/// <param name="OutputDirectory">Where <c>&lt;timestamp&gt;.md</c> and <c>.json</c> go (default <c>ROOT/bench-results</c>).</param>
/// <param name="Parts">The parts to run, in this order.</param>
/// <param name="GossipNodes">Native nodes of the multi-process gossip part.</param>
/// <param name="GossipNodesPerProcess">Nodes each <c>fledger node</c> process hosts (<c>--nodes</c>), one gossip run per value.</param>
/// <param name="GossipEvents">Chat events posted one at a time in the gossip part.</param>
/// <param name="SignalNodes">Connected nodes in the signal relay part.</param>
/// <param name="Quick">Smaller runs (a smoke test of the runner, not figures to compare).</param>
internal sealed record BenchOptions(
    string Root,
    string OutputDirectory,
    IReadOnlyList<string> Parts,
    int GossipNodes,
    IReadOnlyList<int> GossipNodesPerProcess,
    int GossipEvents,
    int SignalNodes,
    bool Quick)
{
    /// <summary>All parts, in run order.</summary>
    public static readonly IReadOnlyList<string> AllParts = ["broker", "webrtc", "interop", "signal", "mesh", "gossip"];

    public const string Usage = """
        Usage: Fledger.Bench [--root DIR] [--out DIR] [--only broker,webrtc,interop,signal,mesh,gossip]
                             [--gossip-nodes 30] [--nodes-per-process 1,3] [--events 20] [--signal-nodes 1000] [--quick]
        Runs every benchmark part in sequence (bounded time) and writes bench-results/<timestamp>.md and .json.
        """;

    /// <summary>Parses <paramref name="args"/>; null with <paramref name="error"/> set for bad usage.</summary>
    public static BenchOptions? Parse(string[] args, string currentDirectory, out string error)
    {
        error = string.Empty;
        string? root = null;
        string? output = null;
        IReadOnlyList<string> parts = AllParts;
        int gossipNodes = 30, events = 20, signalNodes = 1000;
        IReadOnlyList<int> perProcess = [1, 3];
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name == "--quick")
            {
                quick = true;
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return null;
            }

            var value = args[++i];
            switch (name)
            {
                case "--root":
                    root = Path.GetFullPath(value);
                    break;
                case "--out":
                    output = Path.GetFullPath(value);
                    break;
                case "--only":
                    parts = [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                    if (parts.FirstOrDefault(p => !AllParts.Contains(p)) is { } unknown)
                    {
                        error = $"unknown part '{unknown}' (parts: {string.Join(", ", AllParts)})";
                        return null;
                    }

                    break;
                case "--nodes-per-process":
                    var counts = value.Split(',').Select(v => TryInt(v, 1, 32, out var k) ? k : 0).ToArray();
                    if (counts.Length == 0 || counts.Contains(0))
                    {
                        error = $"--nodes-per-process takes numbers 1..32 separated by commas, not '{value}'";
                        return null;
                    }

                    perProcess = counts;
                    break;
                case "--gossip-nodes" when TryInt(value, 2, 100, out gossipNodes):
                case "--events" when TryInt(value, 1, 1000, out events):
                case "--signal-nodes" when TryInt(value, 2, 5000, out signalNodes):
                    break;
                default:
                    error = $"unknown option or bad value: {name} {value}";
                    return null;
            }
        }

        root ??= FindRoot(currentDirectory);
        if (root is null)
        {
            error = "cannot find the repository root (Fledger.sln); pass --root";
            return null;
        }

        return new BenchOptions(root, output ?? Path.Combine(root, "bench-results"), parts, gossipNodes, perProcess, events, signalNodes, quick);
    }

    private static bool TryInt(string text, int min, int max, out int value)
        => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Fledger.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
