using System.Diagnostics;
using System.Globalization;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.PeerConnection;

namespace Fledger.Benchmarks;

/// <summary>
/// Connection-setup stopwatch benchmark of the managed WebRTC stack between two peer connections on 127.0.0.1
/// (creating the peers → data channel open on both sides): the first setup of fresh processes without and with
/// <see cref="RtcPeerConnection.WarmUpAsync"/>, then the warm median of 20 with the median time each setup phase
/// was reached (<see cref="RtcSetupTimings"/>) on each side.
/// Run alone: <c>dotnet run -c Release --project bench/Fledger.Benchmarks -- webrtc-setup</c>.
/// </summary>
public static class WebRtcSetupBenchmark
{
    private const int SetupRuns = 20;
    private const int ColdRuns = 3;
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
        output.WriteLine(Invariant($"load average before: {LoadAverage()}"));
        await RunColdProcessesAsync(output, warmUpFirst: false);
        await RunColdProcessesAsync(output, warmUpFirst: true);

        var warmUp = Stopwatch.StartNew();
        var warmed = await RtcPeerConnection.WarmUpAsync(Loopback);
        output.WriteLine(Invariant($"in-process RtcPeerConnection.WarmUpAsync: {warmUp.Elapsed.TotalMilliseconds:F1} ms ({(warmed ? "ok" : "FAILED")})"));
        var process = Process.GetCurrentProcess();
        var samples = new List<Sample>();
        var cpuBefore = process.TotalProcessorTime;
        for (var i = 0; i < SetupRuns; i++)
        {
            samples.Add(await SetupOnceAsync());
        }

        process.Refresh();
        var sorted = samples.Select(s => s.Elapsed.TotalMilliseconds).Order().ToArray();
        output.WriteLine(Invariant($"warm setup median of {SetupRuns}: {Median(sorted):F1} ms (min {sorted[0]:F1}, max {sorted[^1]:F1}); CPU {(process.TotalProcessorTime - cpuBefore).TotalMilliseconds / SetupRuns:F1} ms per setup (both peers); load average {LoadAverage()}"));
        PrintPhases(output, samples);
    }

    /// <summary>
    /// One cold setup in this (fresh) process, optionally after <see cref="RtcPeerConnection.WarmUpAsync"/>; prints its
    /// phases and a machine-readable <c>RESULT</c> line for <see cref="RunAsync"/>.
    /// </summary>
    public static async Task RunColdAsync(TextWriter output, bool warmUpFirst)
    {
        var process = Process.GetCurrentProcess();
        var warmUp = TimeSpan.Zero;
        if (warmUpFirst)
        {
            var clock = Stopwatch.StartNew();
            await RtcPeerConnection.WarmUpAsync(Loopback);
            warmUp = clock.Elapsed;
        }

        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var cold = await SetupOnceAsync();
        process.Refresh();
        PrintPhases(output, [cold]);
        output.WriteLine(Invariant($"RESULT {cold.Elapsed.TotalMilliseconds:F1} {(process.TotalProcessorTime - cpuBefore).TotalMilliseconds:F0} {warmUp.TotalMilliseconds:F1}"));
    }

    /// <summary>Runs <see cref="ColdRuns"/> fresh processes (<c>webrtc-cold</c>) and prints the median first setup.</summary>
    private static async Task RunColdProcessesAsync(TextWriter output, bool warmUpFirst)
    {
        var results = new List<double[]>();
        string? firstPhases = null;
        for (var i = 0; i < ColdRuns; i++)
        {
            var text = await RunSelfAsync(warmUpFirst ? "webrtc-cold --warm-up" : "webrtc-cold");
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
            if (line is null)
            {
                output.WriteLine("cold run failed:");
                output.WriteLine(text);
                continue;
            }

            firstPhases ??= text[..text.IndexOf("RESULT ", StringComparison.Ordinal)];
            results.Add(line.Split(' ')[1..].Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
        }

        if (results.Count == 0)
        {
            return;
        }

        var setup = Median([.. results.Select(r => r[0]).Order()]);
        var cpu = Median([.. results.Select(r => r[1]).Order()]);
        var label = warmUpFirst
            ? Invariant($"first setup after RtcPeerConnection.WarmUpAsync (median of {results.Count} fresh processes; warm-up took {Median([.. results.Select(r => r[2]).Order()]):F0} ms)")
            : Invariant($"cold first setup, no warm-up (median of {results.Count} fresh processes: JIT, certificate)");
        output.WriteLine(Invariant($"{label}: {setup:F1} ms, CPU {cpu:F0} ms"));
        if (!warmUpFirst)
        {
            output.WriteLine("  (phases of the first of these processes)");
            output.Write(firstPhases);
        }
    }

    private static async Task<string> RunSelfAsync(string arguments)
    {
        var host = Environment.ProcessPath ?? "dotnet";
        var start = Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? new ProcessStartInfo(host, $"\"{typeof(WebRtcSetupBenchmark).Assembly.Location}\" {arguments}")
            : new ProcessStartInfo(host, arguments);
        start.RedirectStandardOutput = true;
        start.UseShellExecute = false;
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start a benchmark process");
        var text = await child.StandardOutput.ReadToEndAsync().WaitAsync(Timeout);
        await child.WaitForExitAsync().WaitAsync(Timeout);
        return text;
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
        var (offerer, answerer, _, _, elapsed, answererCreated) = await WebRtcStopwatchBenchmark.ConnectAsync();
        try
        {
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
