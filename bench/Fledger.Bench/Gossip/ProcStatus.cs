using System.Globalization;

namespace Fledger.Bench.Gossip;

/// <summary>Memory and CPU time of a process from <c>/proc/&lt;pid&gt;</c> (Linux).</summary>
internal static class ProcStatus
{
    private const double ClockTicksPerSecond = 100;

    /// <summary>VmRSS (current resident set) in KiB; 0 when unknown.</summary>
    public static long RssKiB(int pid) => Field(pid, "VmRSS:");

    /// <summary>VmHWM (peak resident set) in KiB; 0 when unknown.</summary>
    public static long PeakRssKiB(int pid) => Field(pid, "VmHWM:");

    /// <summary>User + system CPU seconds from <c>/proc/&lt;pid&gt;/stat</c>; 0 when unknown.</summary>
    public static double CpuSeconds(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');

            // Fields 14 and 15 of the stat line (utime, stime) are at 11 and 12 after the command name.
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return 0;
        }
    }

    private static long Field(int pid, string name)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith(name, StringComparison.Ordinal))
                {
                    return Report.MachineInfo.ParseKiB(line[name.Length..].Trim());
                }
            }
        }
        catch (IOException)
        {
            return 0;
        }

        return 0;
    }
}
