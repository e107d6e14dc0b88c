using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using Fledger.WebRtc.Dtls;

namespace Fledger.Benchmarks;

/// <summary>
/// Micro-benchmark of one DTLS 1.2 client + server handshake pair in one process over an in-memory loopback
/// (<see cref="DtlsTransport.WarmUpAsync"/>): process CPU time and wall time per pair, after a warm-up, with the JIT time
/// (BouncyCastle's code still tiering up after the short warm-up) and the bytes allocated per pair.
/// Run alone: <c>dotnet run -c Release --project bench/Fledger.Benchmarks -- dtls-handshake</c>.
/// </summary>
public static class DtlsHandshakeBenchmark
{
    private const int WarmUpPairs = 30;
    private const int Rounds = 5;
    private const int PairsPerRound = 40;

    public static async Task RunAsync(TextWriter output)
    {
        var certificate = DtlsCertificate.Generate(TimeProvider.System);
        for (var i = 0; i < WarmUpPairs; i++)
        {
            await HandshakeAsync(certificate);
        }

        var process = Process.GetCurrentProcess();
        var walls = new List<double>();
        var cpuPerPair = new List<double>();
        var jitPerPair = new List<double>();
        var allocatedPerPair = new List<double>();
        for (var round = 0; round < Rounds; round++)
        {
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var jitBefore = JitInfo.GetCompilationTime();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            for (var i = 0; i < PairsPerRound; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await HandshakeAsync(certificate);
                walls.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            process.Refresh();
            cpuPerPair.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds / PairsPerRound);
            jitPerPair.Add((JitInfo.GetCompilationTime() - jitBefore).TotalMilliseconds / PairsPerRound);
            allocatedPerPair.Add((GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / PairsPerRound);
        }

        var sortedWall = walls.Order().ToArray();
        var sortedCpu = cpuPerPair.Order().ToArray();
        var sortedJit = jitPerPair.Order().ToArray();
        var sortedCpuWithoutJit = cpuPerPair.Zip(jitPerPair, (cpu, jit) => cpu - jit).Order().ToArray();
        var sortedAllocated = allocatedPerPair.Order().ToArray();
        output.WriteLine(Invariant($"DTLS handshake pair (client + server, in-memory loopback), {Rounds} rounds x {PairsPerRound}; load average {LoadAverage()}"));
        output.WriteLine("| metric | median | min | max |");
        output.WriteLine("|---|---:|---:|---:|");
        output.WriteLine(Invariant($"| wall ms per pair | {sortedWall[sortedWall.Length / 2]:F2} | {sortedWall[0]:F2} | {sortedWall[^1]:F2} |"));
        output.WriteLine(Invariant($"| CPU ms per pair (round means) | {sortedCpu[sortedCpu.Length / 2]:F2} | {sortedCpu[0]:F2} | {sortedCpu[^1]:F2} |"));
        output.WriteLine(Invariant($"| of which JIT ms per pair (tier-up) | {sortedJit[sortedJit.Length / 2]:F2} | {sortedJit[0]:F2} | {sortedJit[^1]:F2} |"));
        output.WriteLine(Invariant($"| CPU ms per pair without JIT | {sortedCpuWithoutJit[sortedCpuWithoutJit.Length / 2]:F2} | {sortedCpuWithoutJit[0]:F2} | {sortedCpuWithoutJit[^1]:F2} |"));
        output.WriteLine(Invariant($"| KB allocated per pair | {sortedAllocated[sortedAllocated.Length / 2]:F1} | {sortedAllocated[0]:F1} | {sortedAllocated[^1]:F1} |"));
    }

    private static async Task HandshakeAsync(DtlsCertificate certificate)
    {
        if (!await DtlsTransport.WarmUpAsync(certificate).WaitAsync(TimeSpan.FromSeconds(30)))
        {
            throw new InvalidOperationException("DTLS handshake pair failed");
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
