using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fledger.Benchmarks;

/// <summary>
/// The cases of <see cref="BrokerBenchmarks"/> measured in CPU time per message instead of wall-clock time: much less
/// sensitive to other processes competing for the cores. Same-thread cases count the CPU time of the calling thread
/// (on Linux; process time elsewhere), cross-thread cases the CPU time of the whole process (both threads, plus
/// whatever the runtime and Akka's scheduler spend meanwhile). Prints the best of several rounds and the bytes
/// allocated per message. Each case runs in its own child process.
/// Run: <c>dotnet run -c Release --project bench/Fledger.Benchmarks -- broker-cpu</c>.
/// </summary>
public static class BrokerCpuBenchmark
{
    private const int Messages = 10_000;
    private const int WarmUpCalls = 50;
    private static readonly TimeSpan WarmUpTime = TimeSpan.FromSeconds(2);
    private const int Rounds = 10;
    private const int CallsPerRound = 20;

    /// <summary>
    /// Runs every case in a child process of its own (as BenchmarkDotNet does: the JIT's tiering and profile-guided
    /// guesses then come from that case alone, not from the cases that ran before it) and prints one table.
    /// </summary>
    public static async Task RunAsync(TextWriter output)
    {
        output.WriteLine($"load average at start: {LoadAverage()}");
        output.WriteLine("| case | CPU ns/message | CPU of | allocated B/message |");
        output.WriteLine("|---|---:|---|---:|");
        for (var i = 0; i < CaseNames.Length; i++)
        {
            output.WriteLine(await RunChildAsync(i) ?? $"| {CaseNames[i]} | failed | | |");
        }

        output.WriteLine($"load average at end: {LoadAverage()}");
    }

    /// <summary>Measures case <paramref name="index"/> in this process and prints its table row.</summary>
    public static async Task RunCaseAsync(int index, TextWriter output)
    {
        var bench = new BrokerBenchmarks();
        bench.Setup();
        try
        {
            var cases = new (Func<Task> Run, bool SameThread)[]
            {
                (() => Task.FromResult(bench.RawChannelHop()), true),
                (bench.BrokerEmit, true),
                (bench.BrokerEnqueue, true),
                (() => Task.FromResult(bench.RawChannelChainOfThree()), true),
                (bench.BrokerChainOfThree, true),
                (bench.RawChannelCrossThread, false),
                (bench.BrokerAutoCrossThread, false),
                (bench.AkkaActor, false),
            };
            var (run, sameThread) = cases[index];

            // Long enough for tiered compilation to finish in the background: the cross-thread cases count the whole
            // process's CPU time, so JIT work would otherwise land in the measured rounds.
            var warmUp = Stopwatch.StartNew();
            for (var i = 0; i < WarmUpCalls || warmUp.Elapsed < WarmUpTime; i++)
            {
                await run();
            }

            var best = double.MaxValue;
            var allocated = double.MaxValue;
            for (var round = 0; round < Rounds; round++)
            {
                var bytes = GC.GetTotalAllocatedBytes(precise: true);
                var cpu = CpuNanoseconds(sameThread);
                for (var i = 0; i < CallsPerRound; i++)
                {
                    await run();
                }

                var spent = CpuNanoseconds(sameThread) - cpu;
                best = Math.Min(best, spent / (CallsPerRound * (double)Messages));
                allocated = Math.Min(allocated, (GC.GetTotalAllocatedBytes(precise: true) - bytes) / (CallsPerRound * (double)Messages));
            }

            var of = sameThread && OperatingSystem.IsLinux() ? "thread" : "process";
            output.WriteLine($"| {CaseNames[index]} | {best:F1} | {of} | {allocated:F1} |");
        }
        finally
        {
            bench.Cleanup();
        }
    }

    private static readonly string[] CaseNames =
    [
        "raw Channel<T> hop + handler",
        "broker, 1 handler, EmitInputAsync each",
        "broker, 1 handler, Enqueue + Settle",
        "raw Channel<T> chain of 3 hops + handlers",
        "broker, chain of 3 (3 hops), Enqueue + Settle",
        "raw Channel<T> to a reader task + handler",
        "broker, 1 handler, EnqueueInput (auto)",
        "Akka.NET actor, Tell",
    ];

    private static async Task<string?> RunChildAsync(int index)
    {
        // Under `dotnet run` or `dotnet X.dll` the process is the dotnet host and needs the assembly; an apphost does not.
        var host = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(BrokerCpuBenchmark).Assembly.Location);
        }

        start.ArgumentList.Add("broker-cpu");
        start.ArgumentList.Add("--case");
        start.ArgumentList.Add(index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var child = Process.Start(start)!;
        var text = await child.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await child.WaitForExitAsync(timeout.Token);
        return text.Split('\n').FirstOrDefault(line => line.StartsWith('|'))?.TrimEnd();
    }

    private static double CpuNanoseconds(bool thread)
    {
        if (thread && OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var time) == 0)
        {
            return (time.Seconds * 1e9) + time.Nanoseconds;
        }

        return Process.GetCurrentProcess().TotalProcessorTime.TotalNanoseconds;
    }

    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static string LoadAverage()
        => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
}
