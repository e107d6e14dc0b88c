using System.Globalization;

namespace Fledger.SignalLoad;

/// <summary>Reads the server's Prometheus gauges and a process's CPU time from /proc.</summary>
public static class Metrics
{
    public static async Task<string> ReadGaugeAsync(int port, string name)
    {
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"));
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
            return line?.Split(' ').Last() ?? "n/a";
        }
        catch (HttpRequestException ex)
        {
            return $"n/a ({ex.Message})";
        }
    }

    public static TimeSpan ProcessCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}
