using System.Diagnostics;

namespace Fledger.SignalLoad;

/// <summary>
/// Collects relay latencies (Stopwatch ticks, monotonic) into a preallocated array; thread-safe. Only messages
/// whose intended send time is at or after <see cref="MeasureFrom"/> (the end of the warm-up) are recorded.
/// </summary>
public sealed class LatencyRecorder
{
    private long[] _samples;
    private int _count;
    private long _target = long.MaxValue;
    private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LatencyRecorder(int capacity) => _samples = new long[capacity];

    public long MeasureFrom { get; set; } = long.MaxValue;

    public int Count => Volatile.Read(ref _count);

    public void Reset(int capacity, long measureFrom)
    {
        MeasureFrom = long.MaxValue;
        _samples = new long[capacity];
        Volatile.Write(ref _count, 0);
        Volatile.Write(ref _target, long.MaxValue);
        _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        MeasureFrom = measureFrom;
    }

    public void Record(long sentTimestamp)
    {
        if (sentTimestamp < MeasureFrom)
        {
            return;
        }

        var latency = Stopwatch.GetTimestamp() - sentTimestamp;
        var samples = _samples;
        var i = Interlocked.Increment(ref _count) - 1;
        if (i < samples.Length)
        {
            samples[i] = latency;
        }

        if (i + 1 >= Volatile.Read(ref _target))
        {
            _reached.TrySetResult();
        }
    }

    /// <summary>Completes when <paramref name="target"/> latencies are recorded, or after <paramref name="timeout"/>.</summary>
    public async Task WhenCountAsync(long target, TimeSpan timeout)
    {
        Volatile.Write(ref _target, target);
        if (Count >= target)
        {
            return;
        }

        try
        {
            await _reached.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Not all arrived in time: the caller reports what did.
        }
    }

    public (int Count, double P50, double P99, double P999, double Max) Percentiles()
    {
        var n = Math.Min(Count, _samples.Length);
        var sorted = _samples.AsSpan(0, n).ToArray();
        Array.Sort(sorted);
        double Ms(double q) => n == 0 ? double.NaN : sorted[Math.Min(n - 1, (int)(q * n))] * 1000.0 / Stopwatch.Frequency;
        return (n, Ms(0.50), Ms(0.99), Ms(0.999), n == 0 ? double.NaN : sorted[n - 1] * 1000.0 / Stopwatch.Frequency);
    }
}
