using System.Globalization;

namespace Fledger.SignalLoad;

/// <summary>Command-line options of the load benchmark.</summary>
public sealed record LoadOptions(
    string? ServerDll,
    int Port,
    string Mode,
    int Nodes,
    int LatencyNodes,
    IReadOnlyList<int> Rates,
    bool Knee,
    int DurationSeconds,
    int BudgetSeconds)
{
    public static LoadOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        return new LoadOptions(
            Value("--server-dll"),
            Int("--port", 5099),
            Value("--mode") ?? "all",
            Int("--nodes", 19_000),
            Int("--latency-nodes", 1_000),
            (Value("--rates") ?? "1000,5000,20000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray(),
            args.Contains("--knee"),
            Int("--duration", 10),
            Int("--budget", 600));
    }
}
