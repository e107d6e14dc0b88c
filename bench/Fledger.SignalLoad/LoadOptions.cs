using System.Globalization;

namespace Fledger.SignalLoad;

/// <summary>Command-line options of the load benchmark (see <see cref="Parse"/> and docs/signaling.md).</summary>
public sealed record LoadOptions(
    string? ServerDll,
    int Port,
    string Mode,
    int Nodes,
    int LatencyNodes,
    IReadOnlyList<int> Rates,
    IReadOnlyList<int> KneeRates,
    int WarmupSeconds,
    int DurationSeconds,
    int BudgetSeconds,
    int HoldSeconds,
    string? JsonPath,
    IReadOnlyList<KeyValuePair<string, string>> ServerEnvironment)
{
    /// <summary>The p99 latency the knee search looks for.</summary>
    public const double KneeP99Ms = 50;

    public static LoadOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        static int[] Ints(string list) => list.Length == 0
            ? []
            : list.Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToArray();

        var environment = new List<KeyValuePair<string, string>>();
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == "--server-env" && args[i + 1].Split('=', 2) is [var name, var value])
            {
                environment.Add(new(name, value));
            }
        }

        return new LoadOptions(
            Value("--server-dll"),
            Int("--port", 0),
            Value("--mode") ?? "all",
            Int("--nodes", 19_500),
            Int("--latency-nodes", 1_000),
            Ints(Value("--rates") ?? "1000,5000,20000"),
            args.Contains("--no-knee") ? [] : Ints(Value("--knee-rates") ?? "2000,10000,15000,25000,30000,40000,50000"),
            Int("--warmup", 2),
            Int("--duration", 10),
            Int("--budget", 900),
            Int("--hold", 5),
            Value("--json"),
            environment);
    }
}
