using System.Text.Json;
using Microsoft.Playwright;

namespace Fledger.BrowserBench;

/// <summary>Runs the page's bench functions with bounded waits.</summary>
internal sealed class BenchRunner(IPage page)
{
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Median milliseconds to connect two peers and open a channel.</summary>
    public async Task<double> SetupMedianAsync(int runs)
    {
        // One warm-up connection so the first-use costs of the page do not count.
        await page.EvaluateAsync<double[]>("n => bench.setup(n)", 1).WaitAsync(SetupTimeout);
        var times = await page.EvaluateAsync<double[]>("n => bench.setup(n)", runs).WaitAsync(SetupTimeout);
        Array.Sort(times);
        return times.Length % 2 == 1 ? times[times.Length / 2] : (times[(times.Length / 2) - 1] + times[times.Length / 2]) / 2;
    }

    /// <summary>MB/s (10^6 bytes) moving <paramref name="totalBytes"/> in <paramref name="messageSize"/> messages.</summary>
    public async Task<double> ThroughputAsync(long totalBytes, int messageSize)
    {
        var result = await page.EvaluateAsync<JsonElement>("([t, s]) => bench.throughput(t, s)",
            new object[] { totalBytes, messageSize }).WaitAsync(TransferTimeout);
        var ms = result.GetProperty("ms").GetDouble();
        var bytes = result.GetProperty("bytes").GetDouble();
        return bytes / (ms / 1000) / 1e6;
    }
}
