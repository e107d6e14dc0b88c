using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Fledger.Benchmarks;

/// <summary>
/// The cases of <see cref="BrokerBenchmarks"/> measured in CPU time per message instead of wall-clock time: much less
/// sensitive to other processes competing for the cores. Same-thread cases count the CPU time of the calling thread
/// (on Linux; process time elsewhere), cross-thread cases the CPU time of the whole process (both threads, plus
/// whatever the runtime and Akka's scheduler spend meanwhile). Prints the best of several rounds and the bytes
/// allocated per message.
/// Run: <c>dotnet run -c Release --project bench/Fledger.Benchmarks -- broker-cpu</c>.
/// </summary>
public static class BrokerCpuBenchmark
{
    private const int Messages = 10_000;
    private const int WarmUpCalls = 50;
    private const int Rounds = 10;
    private const int CallsPerRound = 20;

    public static async Task RunAsync(TextWriter output)
    {
        var bench = new BrokerBenchmarks();
        bench.Setup();
        try
        {
            var cases = new (string Name, Func<Task> Run, bool SameThread)[]
            {
                ("raw Channel<T> hop + handler", () => Task.FromResult(bench.RawChannelHop()), true),
                ("broker, 1 handler, EmitInputAsync each", bench.BrokerEmit, true),
                ("broker, 1 handler, Enqueue + Settle", bench.BrokerEnqueue, true),
                ("raw Channel<T> chain of 3 hops + handlers", () => Task.FromResult(bench.RawChannelChainOfThree()), true),
                ("broker, chain of 3 (3 hops), Enqueue + Settle", bench.BrokerChainOfThree, true),
                ("raw Channel<T> to a reader task + handler", bench.RawChannelCrossThread, false),
                ("broker, 1 handler, EnqueueInput (auto)", bench.BrokerAutoCrossThread, false),
                ("Akka.NET actor, Tell", bench.AkkaActor, false),
            };
            output.WriteLine($"load average at start: {LoadAverage()}");
            output.WriteLine("| case | CPU ns/message | CPU of | allocated B/message |");
            output.WriteLine("|---|---:|---|---:|");
            foreach (var (name, run, sameThread) in cases)
            {
                for (var i = 0; i < WarmUpCalls; i++)
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
                output.WriteLine($"| {name} | {best:F1} | {of} | {allocated:F1} |");
            }

            output.WriteLine($"load average at end: {LoadAverage()}");
        }
        finally
        {
            bench.Cleanup();
        }
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
