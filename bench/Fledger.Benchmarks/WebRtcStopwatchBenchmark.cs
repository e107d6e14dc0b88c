using System.Diagnostics;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.PeerConnection;

namespace Fledger.Benchmarks;

/// <summary>
/// Stopwatch benchmark of the managed WebRTC stack between two peer connections on 127.0.0.1:
/// setup time (see <see cref="WebRtcSetupBenchmark"/>: cold first setup, warm median of 20, phase breakdown) and
/// one-way throughput (100 MiB in 16 KiB and 64 KiB messages, reliable ordered channel).
/// Run: <c>dotnet run -c Release --project bench/Fledger.Benchmarks -- webrtc</c>.
/// </summary>
public static class WebRtcStopwatchBenchmark
{
    private const long ThroughputBytes = 100L * 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly RtcConfiguration Loopback = new() { LoopbackOnly = true };

    public static async Task RunAsync(TextWriter output)
    {
        await WebRtcSetupBenchmark.RunAsync(output);
        foreach (var size in new[] { 16 * 1024, 64 * 1024 })
        {
            var elapsed = await ThroughputAsync(size);
            var mbPerSecond = ThroughputBytes / elapsed.TotalSeconds / (1024 * 1024);
            output.WriteLine($"throughput {size / 1024} KiB messages: 100 MiB in {elapsed.TotalSeconds:F2} s = {mbPerSecond:F1} MiB/s ({mbPerSecond * 8 * 1.048576:F0} Mbit/s)");
        }
    }

    private static async Task<TimeSpan> ThroughputAsync(int messageSize)
    {
        var (offerer, answerer, sender, receiver, _) = await ConnectAsync();
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
            var stopwatch = Stopwatch.StartNew();
            for (long sent = 0; sent < ThroughputBytes; sent += messageSize)
            {
                await sender.SendAsync(payload, highWaterMark: 4 * 1024 * 1024);
            }

            await done.Task.WaitAsync(Timeout);
            return stopwatch.Elapsed;
        }
        finally
        {
            await offerer.DisposeAsync();
            await answerer.DisposeAsync();
        }
    }

    private static async Task<(RtcPeerConnection Offerer, RtcPeerConnection Answerer, RtcDataChannel Sender, RtcDataChannel Receiver, TimeSpan Elapsed)> ConnectAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var offerer = new RtcPeerConnection(Loopback);
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
        return (offerer, answerer, sender, receiver, stopwatch.Elapsed);
    }
}
