using System.Globalization;
using System.Runtime.InteropServices;

namespace Fledger.Bench.Report;

/// <summary>The machine a run was taken on (read from <c>/proc</c> and <c>/etc/os-release</c> on Linux).</summary>
internal sealed record MachineInfo(string Cpu, int Cores, double RamGiB, string Os, string DotNet, string Kernel)
{
    public static MachineInfo Collect() => new(
        ReadField("/proc/cpuinfo", "model name", ':') ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        Math.Round(ParseKiB(ReadField("/proc/meminfo", "MemTotal", ':')) / 1024.0 / 1024.0, 1),
        ReadField("/etc/os-release", "PRETTY_NAME", '=')?.Trim('"') ?? RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription);

    /// <summary>The first three fields of <c>/proc/loadavg</c> ("1 5 15 minute"), or "n/a".</summary>
    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>Parses "123456 kB" into KiB (0 when missing).</summary>
    internal static long ParseKiB(string? value)
        => value is not null && long.TryParse(value.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var kib) ? kib : 0;

    /// <summary>The value of the first line <c>name SEP value</c> in <paramref name="path"/>, trimmed; null when absent.</summary>
    internal static string? ReadField(string path, string name, char separator)
    {
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                var at = line.IndexOf(separator, StringComparison.Ordinal);
                if (at > 0 && line[..at].Trim() == name)
                {
                    return line[(at + 1)..].Trim();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return null;
    }
}
