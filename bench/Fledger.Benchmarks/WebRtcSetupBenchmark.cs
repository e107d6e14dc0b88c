using System.Diagnostics;
using System.Globalization;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.PeerConnection;

namespace Fledger.Benchmarks;

/// <summary>
/// Connection-setup stopwatch benchmark of the managed WebRTC stack between two peer connections on 127.0.0.1:
/// the cold first setup of the process, then the warm median of 20 (offer created → channel open on both sides)
/// with the median time each setup phase was reached (<see cref="RtcSetupTimings"/>) on each side.
/// Run alone: <c>dotnet run -c Release --project bench/Fledger.Benchmarks -- webrtc-setup</c>.
/// </summary>
public static class WebRtcSetupBenchmark
{
    private const int SetupRuns = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly RtcConfiguration Loopback = new() { LoopbackOnly = true };

    private static readonly (string Name, Func<RtcSetupTimings, TimeSpan?> Get)[] Phases =
    [
        ("local description set", t => t.LocalDescriptionSet),
        ("candidates gathered", t => t.CandidatesGathered),
        ("remote description set", t => t.RemoteDescriptionSet),
        ("ICE connected (first valid pair)", t => t.IceConnected),
        ("DTLS started", t => t.DtlsStarted),
        ("DTLS connected", t => t.DtlsConnected),
        ("SCTP established", t => t.SctpEstablished),
        ("data channel open", t => t.ChannelOpen),
        ("ICE nominated", t => t.IceNominated),
    ];

    public static async Task RunAsync(TextWriter output)
    {
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var cold = await SetupOnceAsync();
        process.Refresh();
        output.WriteLine(Invariant($"cold first setup in this process (JIT, certificate, no warm-up): {cold.Elapsed.TotalMilliseconds:F1} ms, CPU {(process.TotalProcessorTime - cpuBefore).TotalMilliseconds:F0} ms"));
        PrintPhases(output, [cold]);
        var second = await SetupOnceAsync();
        output.WriteLine(Invariant($"second setup: {second.Elapsed.TotalMilliseconds:F1} ms"));
        var warmUp = Stopwatch.StartNew();
        await DtlsTransport.WarmUpAsync();
        output.WriteLine(Invariant($"DTLS warm-up (in-process handshake, certificate already made): {warmUp.Elapsed.TotalMilliseconds:F1} ms"));

        var samples = new List<Sample>();
        cpuBefore = process.TotalProcessorTime;
        for (var i = 0; i < SetupRuns; i++)
        {
            samples.Add(await SetupOnceAsync());
        }

        process.Refresh();
        var sorted = samples.Select(s => s.Elapsed.TotalMilliseconds).Order().ToArray();
        output.WriteLine(Invariant($"setup median of {SetupRuns}: {Median(sorted):F1} ms (min {sorted[0]:F1}, max {sorted[^1]:F1}); CPU {(process.TotalProcessorTime - cpuBefore).TotalMilliseconds / SetupRuns:F1} ms per setup; load average {LoadAverage()}"));
        PrintPhases(output, samples);
    }

    /// <summary>Median time each phase was reached, per side, from the offerer's creation.</summary>
    private static void PrintPhases(TextWriter output, IReadOnlyList<Sample> samples)
    {
        output.WriteLine("  phase (median ms since offerer created)   offerer (DTLS server)   answerer (DTLS client)");
        foreach (var (name, get) in Phases)
        {
            output.WriteLine(Invariant($"  {name,-40} {Cell(samples, s => Offset(get(s.Offerer), TimeSpan.Zero)),22} {Cell(samples, s => Offset(get(s.Answerer), s.AnswererCreated)),24}"));
        }
    }

    private static double? Offset(TimeSpan? phase, TimeSpan created) => phase is { } p ? (p + created).TotalMilliseconds : null;

    private static string Cell(IReadOnlyList<Sample> samples, Func<Sample, double?> get)
    {
        var values = samples.Select(get).Where(v => v is not null).Select(v => v!.Value).Order().ToArray();
        return values.Length == 0 ? "-" : Invariant($"{Median(values):F1}");
    }

    private static double Median(double[] sorted) =>
        sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static async Task<Sample> SetupOnceAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        var offerer = new RtcPeerConnection(Loopback);
        var answererCreated = stopwatch.Elapsed;
        var answerer = new RtcPeerConnection(Loopback);
        try
        {
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

            await incoming.Task.WaitAsync(Timeout);
            await opened.Task.WaitAsync(Timeout);
            var elapsed = stopwatch.Elapsed;
            return new Sample(elapsed, offerer.SetupTimings, answerer.SetupTimings, answererCreated);
        }
        finally
        {
            await offerer.DisposeAsync();
            await answerer.DisposeAsync();
        }
    }

    private sealed record Sample(TimeSpan Elapsed, RtcSetupTimings Offerer, RtcSetupTimings Answerer, TimeSpan AnswererCreated);
}
