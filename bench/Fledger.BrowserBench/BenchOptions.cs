using System.Globalization;

namespace Fledger.BrowserBench;

/// <summary>Command-line options of the benchmark.</summary>
internal sealed record BenchOptions(int Setups, int MiB, IReadOnlyList<bool> MdnsModes)
{
    public static BenchOptions Parse(string[] args)
    {
        var setups = 20;
        var mib = 100;
        IReadOnlyList<bool> mdns = [true, false];
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--setups":
                    setups = Math.Clamp(int.Parse(args[i + 1], CultureInfo.InvariantCulture), 1, 1000);
                    break;
                case "--mib":
                    mib = Math.Clamp(int.Parse(args[i + 1], CultureInfo.InvariantCulture), 1, 4096);
                    break;
                case "--mdns":
                    mdns = args[i + 1] switch
                    {
                        "on" => [true],
                        "off" => [false],
                        _ => [true, false],
                    };
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}");
            }
        }
        return new BenchOptions(setups, mib, mdns);
    }
}
