using System.Diagnostics;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.PeerConnection;

namespace Fledger.Benchmarks;

/// <summary>
/// Stopwatch benchmark of the managed WebRTC stack between two peer connections on 127.0.0.1:
/// setup time (see <see cref="WebRtcSetupBenchmark"/>: cold first setup, warm median of 20, phase breakdown) and
/// one-way throughput (100 MiB in 16 KiB and 64 KiB messages, reliable ordered channel), each with the process CPU
/// time (user + sys) it took, which stays comparable when the machine is loaded.
/// Run: <c>dotnet run -c Release --project bench/Fledger.Benchmarks -- webrtc</c>
/// (<c>-- webrtc throughput</c> skips the setup runs, e.g. for profiling).
/// </summary>
public static class WebRtcStopwatchBenchmark
{
    private const long ThroughputBytes = 100L * 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly RtcConfiguration Loopback = new() { LoopbackOnly = true };

    public static async Task RunAsync(TextWriter output, bool throughputOnly = false, int? onlySizeKiB = null)
    {
        output.WriteLine($"load average at start: {LoadAverage()}");
        if (!throughputOnly)
        {
            await WebRtcSetupBenchmark.RunAsync(output);
        }

        foreach (var size in onlySizeKiB is { } only ? [only * 1024] : new[] { 16 * 1024, 64 * 1024 })
        {
            var (elapsed, cpu, allocated, counters) = await ThroughputAsync(size);
            var mibPerSecond = ThroughputBytes / elapsed.TotalSeconds / (1024 * 1024);
            output.WriteLine(
                $"throughput {size / 1024} KiB messages: 100 MiB in {elapsed.TotalSeconds:F2} s = {mibPerSecond:F1} MiB/s "
                + $"({ThroughputBytes / elapsed.TotalSeconds / 1e6:F1} MB/s, {mibPerSecond * 8 * 1.048576:F0} Mbit/s), "
                + $"CPU {cpu.TotalSeconds:F2} s per 100 MiB (both peers, user+sys), {allocated / (1024.0 * 1024):F0} MiB allocated");
            output.WriteLine($"  {counters}");
        }

        output.WriteLine($"load average at end: {LoadAverage()}");
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static async Task<(TimeSpan Elapsed, TimeSpan Cpu, long Allocated, string Counters)> ThroughputAsync(int messageSize)
    {
        var (offerer, answerer, sender, receiver, _, _) = await ConnectAsync();
        try
        {
            long received = 0;
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            receiver.MessageReceived += (_, m) =>
            {
                if (Interlocked.Add(ref received, m.Data.Length) >= ThroughputBytes)
                {
                    done.TrySetResult();
                }
            };
            var payload = new byte[messageSize];
            Random.Shared.NextBytes(payload);
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var stopwatch = Stopwatch.StartNew();
            for (long sent = 0; sent < ThroughputBytes; sent += messageSize)
            {
                await sender.SendAsync(payload, highWaterMark: 4 * 1024 * 1024);
            }

            await done.Task.WaitAsync(Timeout);
            var elapsed = stopwatch.Elapsed;
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            var allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            var (tx, rx) = (offerer.GetStats().Sctp, answerer.GetStats().Sctp);
            var counters = tx is null || rx is null ? "no SCTP counters" :
                $"sender: {tx.PacketsSent} packets sent, {tx.PacketsReceived} received, {tx.Retransmissions} retransmissions "
                + $"({tx.FastRetransmissions} fast, {tx.T3Expirations} T3), cwnd {tx.CongestionWindow}; receiver: {rx.PacketsSent} packets sent, "
                + $"{rx.PacketsReceived} received, {rx.DuplicateTsnsReceived} duplicates";
            return (elapsed, cpu, allocated, counters);
        }
        finally
        {
            await offerer.DisposeAsync();
            await answerer.DisposeAsync();
        }
    }

    /// <summary>Two loopback peer connections, offer/answer + trickle, until the offerer's channel is open on both sides.</summary>
    internal static async Task<(RtcPeerConnection Offerer, RtcPeerConnection Answerer, RtcDataChannel Sender, RtcDataChannel Receiver, TimeSpan Elapsed, TimeSpan AnswererCreated)> ConnectAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var offerer = new RtcPeerConnection(Loopback);
        var answererCreated = stopwatch.Elapsed;
        var answerer = new RtcPeerConnection(Loopback);
        offerer.IceCandidate += c => _ = answerer.AddIceCandidateAsync(c);
        answerer.IceCandidate += c => _ = offerer.AddIceCandidateAsync(c);
        var incoming = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        answerer.DataChannel += c => incoming.TrySetResult(c);
        var channelTask = offerer.CreateDataChannelAsync("bench");
        var offer = await offerer.CreateOfferAsync();
        await offerer.SetLocalDescriptionAsync(offer);
        await answerer.SetRemoteDescriptionAsync(offer);
        var answer = await answerer.CreateAnswerAsync();
        await answerer.SetLocalDescriptionAsync(answer);
        await offerer.SetRemoteDescriptionAsync(answer);
        var sender = await channelTask.WaitAsync(Timeout);
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        sender.Opened += _ => opened.TrySetResult();
        if (sender.ReadyState == RtcDataChannelState.Open)
        {
            opened.TrySetResult();
        }

        var receiver = await incoming.Task.WaitAsync(Timeout);
        await opened.Task.WaitAsync(Timeout);
        return (offerer, answerer, sender, receiver, stopwatch.Elapsed, answererCreated);
    }
}
