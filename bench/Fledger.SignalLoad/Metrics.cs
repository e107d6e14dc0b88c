using System.Globalization;

namespace Fledger.SignalLoad;

/// <summary>Reads the server's Prometheus gauges, a process's CPU time and the load average from /proc.</summary>
public static class Metrics
{
    /// <summary>The server exports the runtime's System.Runtime meter: allocated bytes are a load-independent cost measure.</summary>
    public const string AllocatedBytes = "dotnet_gc_heap_total_allocated_bytes_total";

    public static async Task<string> ReadGaugeAsync(int port, string name)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
            return line?.Split(' ').Last() ?? "n/a";
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return $"n/a ({ex.GetType().Name})";
        }
    }

    /// <summary>A numeric metric of the server (first series of <paramref name="name"/>); NaN when it is not exported.</summary>
    public static async Task<double> ReadNumberAsync(int port, string name)
        => double.TryParse(await ReadGaugeAsync(port, name), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    public static TimeSpan ProcessCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>The one-minute load average.</summary>
    public static double LoadAverage()
        => double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);

    /// <summary>Open file descriptors of a process.</summary>
    public static int OpenFds(int pid)
    {
        try
        {
            return Directory.GetFiles($"/proc/{pid}/fd").Length;
        }
        catch (IOException)
        {
            return -1;
        }
    }
}
