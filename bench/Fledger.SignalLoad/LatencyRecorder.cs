using System.Diagnostics;

namespace Fledger.SignalLoad;

/// <summary>Collects relay latencies (Stopwatch ticks) into a preallocated array; thread-safe.</summary>
public sealed class LatencyRecorder
{
    private long[] _samples;
    private int _count;

    public LatencyRecorder(int capacity) => _samples = new long[capacity];

    public long MeasureFrom { get; set; }

    public int Count => Volatile.Read(ref _count);

    public void Reset(int capacity)
    {
        _samples = new long[capacity];
        Volatile.Write(ref _count, 0);
    }

    public void Record(long sentTimestamp)
    {
        if (sentTimestamp < MeasureFrom)
        {
            return;
        }

        var latency = Stopwatch.GetTimestamp() - sentTimestamp;
        var i = Interlocked.Increment(ref _count) - 1;
        if (i < _samples.Length)
        {
            _samples[i] = latency;
        }
    }

    public RateResult Summarize(int rate, long sent, long sendFailures, long serverErrors, double clientCpu, double serverCpu)
    {
        var n = Math.Min(Count, _samples.Length);
        var sorted = _samples.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        double Ms(double q) => n == 0 ? double.NaN : sorted[Math.Min(n - 1, (int)(q * n))] * 1000.0 / Stopwatch.Frequency;
        return new RateResult(rate, sent, n, n / (double)Math.Max(1, sent), Ms(0.50), Ms(0.99), Ms(0.999), sendFailures, serverErrors, clientCpu, serverCpu);
    }
}
