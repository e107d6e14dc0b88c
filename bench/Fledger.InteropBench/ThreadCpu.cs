using System.Globalization;

namespace Fledger.InteropBench;

/// <summary>
/// Per-thread CPU (utime + stime of /proc/self/task/*/stat) and context switches (…/status) of this process, by thread name:
/// which threads (thread pool, sockets, Playwright, GC) burn the managed peer's CPU during a phase.
/// </summary>
internal sealed class ThreadCpu
{
    private const double TicksPerSecond = 100.0;
    private readonly Dictionary<int, (string Name, long Ticks, long Switches)> _before;

    private ThreadCpu(Dictionary<int, (string Name, long Ticks, long Switches)> before) => _before = before;

    /// <summary>Takes the "before" sample; null where /proc is not there.</summary>
    public static ThreadCpu? Start() => Directory.Exists("/proc/self/task") ? new ThreadCpu(Sample()) : null;

    /// <summary>
    /// CPU seconds and context switches (voluntary + involuntary, thousands) per thread name (threads of one name summed)
    /// since <see cref="Start"/>, scaled by <paramref name="scale"/>, largest CPU first.
    /// </summary>
    public string Format(double scale)
    {
        var totals = new Dictionary<string, (double Seconds, int Threads, long Switches)>();
        foreach (var (tid, (name, ticks, switches)) in Sample())
        {
            var known = _before.TryGetValue(tid, out var b);
            var delta = ticks - (known ? b.Ticks : 0);
            var switched = switches - (known ? b.Switches : 0);
            if (delta <= 0 && switched <= 0)
            {
                continue;
            }

            var key = Normalize(name);
            totals.TryGetValue(key, out var t);
            totals[key] = (t.Seconds + (delta / TicksPerSecond * scale), t.Threads + 1, t.Switches + switched);
        }

        return string.Join(", ", totals.Where(t => t.Value.Seconds > 0).OrderByDescending(t => t.Value.Seconds).Select(t =>
            string.Create(CultureInfo.InvariantCulture, $"{t.Key} x{t.Value.Threads} {t.Value.Seconds:0.00} s {t.Value.Switches * scale / 1000:0}k cs")));
    }

    private static long Switches(string taskDir)
    {
        long switches = 0;
        foreach (var line in File.ReadLines(Path.Combine(taskDir, "status")))
        {
            if (line.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal)
                || line.StartsWith("nonvoluntary_ctxt_switches:", StringComparison.Ordinal))
            {
                switches += long.Parse(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), CultureInfo.InvariantCulture);
            }
        }

        return switches;
    }

    private static string Normalize(string name) => name.StartsWith(".NET TP Worker", StringComparison.Ordinal) ? ".NET TP Worker" : name;

    private static Dictionary<int, (string Name, long Ticks, long Switches)> Sample()
    {
        var result = new Dictionary<int, (string, long, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var open = stat.IndexOf('(', StringComparison.Ordinal);
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                // Fields after ")": state(0) ... utime(11) stime(12).
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                result[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = (stat[(open + 1)..close], ticks, Switches(dir));
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return result;
    }
}
