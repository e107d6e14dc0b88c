using System.Diagnostics;
using System.Globalization;
using Fledger.Broker;
using Fledger.Modules.Gossip;
using Fledger.SignalServer.Hosting;
using Fledger.WebRtc.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Fledger.MeshBench;

/// <summary>
/// The soak mode (<c>--soak 10m</c>): N native nodes (default 20) post chat events continuously for the given time;
/// every sample interval (default 1 min) a marker event must reach every node, and the managed heap (after a full GC),
/// the RSS and the resource counters are sampled. At the end every node is disposed and the counters must return to
/// where they were before the nodes started. Exit code 1 when memory grew by 10 % or more over the steady state (after
/// the warm-up, when the chat stores are full: mean of its second half against mean of its first half), a counter
/// stayed above its baseline, or a marker did not reach every node.
/// </summary>
internal static class SoakRun
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static async Task<int> RunAsync(string[] args)
    {
        var duration = ParseDuration(Arg(args, "--soak", "10m"));
        var nodeCount = int.Parse(Arg(args, "--nodes", "20"), Inv);
        var interval = TimeSpan.FromMilliseconds(int.Parse(Arg(args, "--interval-ms", "200"), Inv));
        var sampleEvery = ParseDuration(Arg(args, "--sample", "1m"));
        var warmup = ParseDuration(Arg(args, "--warmup", "4m"));
        if (warmup > duration / 2)
        {
            warmup = duration / 2;
        }

        using var cancel = new CancellationTokenSource(duration + TimeSpan.FromMinutes(5));
        var server = SignalServerApp.Create(["--urls=http://127.0.0.1:0", "--Serilog:MinimumLevel:Default=Warning", "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Error"]);
        await server.StartAsync(cancel.Token);
        var address = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var hub = new Uri(address, "/signal");
        var baseline = Counters.Read();
        var process = Process.GetCurrentProcess();
        var before = Memory.Sample(process);

        var nodes = new List<BenchNode>();
        for (var i = 0; i < nodeCount; i++)
        {
            nodes.Add(await BenchNode.StartAsync(hub, $"soak{i}", 5000 + i, cancel.Token));
        }

        var failures = new List<string>();
        var samples = new List<Sample>();
        var posted = 0;
        var clock = Stopwatch.StartNew();
        if (!await WaitAsync(() => Overlay.IsConnected(nodes), TimeSpan.FromSeconds(120), cancel.Token))
        {
            failures.Add("the overlay never became one connected graph");
        }

        var nextSample = sampleEvery;
        using (var pace = new PeriodicTimer(interval))
        {
            while (clock.Elapsed < duration && failures.Count == 0)
            {
                await nodes[posted % nodes.Count].Node.PostChatAsync($"soak {posted}", cancel.Token);
                posted++;
                if (clock.Elapsed >= nextSample || clock.Elapsed >= duration)
                {
                    nextSample += sampleEvery;
                    var sample = await SampleAsync(nodes, process, clock.Elapsed, cancel.Token);
                    samples.Add(sample);
                    Console.Error.WriteLine(sample.Row());
                    if (sample.MarkerMs is null)
                    {
                        failures.Add(string.Create(Inv, $"the marker at {sample.At.TotalMinutes:0.0} min did not reach every node within 60 s"));
                    }
                }

                await pace.WaitForNextTickAsync(cancel.Token);
            }
        }

        if (failures.Count == 0 && (samples.Count == 0 || samples[^1].At < duration - (sampleEvery / 2)))
        {
            // The loop ends at the duration: take the last sample there rather than a period earlier.
            var final = await SampleAsync(nodes, process, clock.Elapsed, cancel.Token);
            samples.Add(final);
            Console.Error.WriteLine(final.Row());
        }

        var disposeWatch = Stopwatch.StartNew();
        foreach (var node in nodes)
        {
            await node.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        var disposed = disposeWatch.Elapsed;
        nodes.Clear();
        var (after, released) = await WaitForCountersAsync(baseline, TimeSpan.FromSeconds(30));
        var disposedMemory = Memory.Sample(process);
        await server.StopAsync(CancellationToken.None);
        await server.DisposeAsync();
        var serverStopped = Memory.Sample(process);

        // Growth over the steady state (after the warm-up the chat stores are full): the mean of its second half against
        // the mean of its first half, so one noisy sample (heap after GC varies by ~10 % with the messages in flight)
        // neither hides nor fakes a trend.
        var steady = samples.Where(s => s.At >= warmup).ToList();
        var early = steady.Take(steady.Count / 2).ToList();
        var late = steady.Skip((steady.Count + 1) / 2).ToList();
        var reference = early.Count > 0 ? new Window(early) : null;
        var end = late.Count > 0 ? new Window(late) : null;
        double? heapGrowth = reference is null || end is null ? null : Growth(reference.HeapBytes, end.HeapBytes);
        double? rssGrowth = reference is null || end is null ? null : Growth(reference.RssBytes, end.RssBytes);
        if (heapGrowth is null || rssGrowth is null)
        {
            failures.Add("fewer than two samples after the warm-up (run longer or sample more often)");
        }
        else if (heapGrowth >= 0.10 || rssGrowth >= 0.10)
        {
            failures.Add(string.Create(Inv, $"memory grew over the steady state: heap {heapGrowth:P1}, RSS {rssGrowth:P1}"));
        }

        if (!released)
        {
            failures.Add($"resources not released after dispose: baseline {baseline}, now {after}");
        }

        Print(nodeCount, duration, interval, posted, before, samples, reference, end, heapGrowth, rssGrowth, baseline, after, disposedMemory, serverStopped, disposed, failures);
        return failures.Count == 0 ? 0 : 1;
    }

    private static async Task<Sample> SampleAsync(List<BenchNode> nodes, Process process, TimeSpan at, CancellationToken cancellationToken)
    {
        var marker = await nodes[0].Node.PostChatAsync(string.Create(Inv, $"marker {at.TotalSeconds:0}"), cancellationToken)
            ?? throw new InvalidOperationException("the marker was refused");
        var watch = Stopwatch.StartNew();
        var arrived = await WaitAsync(() => nodes.All(n => n.Node.HasChatEvent(marker.Id)), TimeSpan.FromSeconds(60), cancellationToken);
        var markerMs = arrived ? watch.Elapsed.TotalMilliseconds : (double?)null;
        var degrees = nodes.Select(n => n.Node.Connections.Count).ToList();
        return new Sample(at, Memory.Sample(process), Counters.Read(), markerMs, degrees.Min(), degrees.Average(), nodes[0].Node.GossipStats.Chat);
    }

    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan deadline, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > deadline)
            {
                return false;
            }

            await timer.WaitForNextTickAsync(cancellationToken);
        }

        return true;
    }

    private static async Task<(Counters Counters, bool Released)> WaitForCountersAsync(Counters baseline, TimeSpan deadline)
    {
        var ok = await WaitAsync(() => Counters.Read().AtMost(baseline), deadline, CancellationToken.None);
        return (Counters.Read(), ok);
    }

    private static double Growth(long from, long to) => from <= 0 ? 0 : (to - from) / (double)from;

    private static void Print(
        int nodeCount, TimeSpan duration, TimeSpan interval, int posted, Memory before, List<Sample> samples, Window? reference, Window? last,
        double? heapGrowth, double? rssGrowth, Counters baseline, Counters after, Memory afterDispose, Memory serverStopped, TimeSpan disposed, List<string> failures)
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        Console.WriteLine(string.Create(Inv, $"Soak: {nodeCount} native nodes, {duration.TotalMinutes:0.#} min, one chat every {interval.TotalMilliseconds:0} ms ({posted} posted); {Environment.ProcessorCount} cores, load average {load}"));
        Console.WriteLine(string.Create(Inv, $"Before the nodes: heap {Mib(before.HeapBytes)} MiB, RSS {Mib(before.RssBytes)} MiB, {before.Threads} threads, {before.FileDescriptors} fds ({before.SocketDescriptors} sockets); counters {baseline}"));
        Console.WriteLine();
        Console.WriteLine("| min | heap after GC (MiB) | GC committed (MiB) | RSS (MiB) | threads | fds (sockets) | ICE sockets | peer conns | SCTP assocs | loops | subscriptions | degree min / avg | chats held (node 0) | marker to all (ms) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        foreach (var s in samples)
        {
            Console.WriteLine(s.Row());
        }

        Console.WriteLine();
        if (reference is not null && last is not null)
        {
            Console.WriteLine(string.Create(
                Inv,
                $"Steady state: mean of the samples at {reference.From.TotalMinutes:0.0}-{reference.To.TotalMinutes:0.0} min (heap {Mib(reference.HeapBytes)} MiB, RSS {Mib(reference.RssBytes)} MiB) " +
                $"against {last.From.TotalMinutes:0.0}-{last.To.TotalMinutes:0.0} min (heap {Mib(last.HeapBytes)} MiB, RSS {Mib(last.RssBytes)} MiB): " +
                $"heap {heapGrowth:+0.0%;-0.0%}, RSS {rssGrowth:+0.0%;-0.0%} (limit +10 %)"));
        }

        Console.WriteLine(string.Create(Inv, $"After disposing every node ({disposed.TotalSeconds:0.0} s): counters {after}; heap {Mib(afterDispose.HeapBytes)} MiB, RSS {Mib(afterDispose.RssBytes)} MiB, {afterDispose.Threads} threads, {afterDispose.FileDescriptors} fds ({afterDispose.SocketDescriptors} sockets)"));
        Console.WriteLine(string.Create(Inv, $"After stopping the signal server too: heap {Mib(serverStopped.HeapBytes)} MiB, RSS {Mib(serverStopped.RssBytes)} MiB, {serverStopped.Threads} threads, {serverStopped.FileDescriptors} fds ({serverStopped.SocketDescriptors} sockets)"));
        Console.WriteLine(failures.Count == 0 ? "RESULT: PASS" : "RESULT: FAIL\n- " + string.Join("\n- ", failures));
    }

    private static string Mib(long bytes) => (bytes / 1048576.0).ToString("0.0", Inv);

    private static string Arg(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[i + 1] : fallback;
    }

    /// <summary>Parses <c>10m</c>, <c>90s</c>, <c>1h</c> or a plain number of minutes.</summary>
    private static TimeSpan ParseDuration(string text)
    {
        var unit = text[^1];
        var number = char.IsDigit(unit) ? text : text[..^1];
        var value = double.Parse(number, Inv);
        return unit switch
        {
            's' => TimeSpan.FromSeconds(value),
            'h' => TimeSpan.FromHours(value),
            _ => TimeSpan.FromMinutes(value),
        };
    }

    private sealed record Memory(long HeapBytes, long RssBytes, long GcCommittedBytes, int Threads, int FileDescriptors, int SocketDescriptors)
    {
        public static Memory Sample(Process process)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            process.Refresh();
            var fds = Directory.Exists("/proc/self/fd") ? Directory.GetFiles("/proc/self/fd") : [];
            var sockets = fds.Count(fd => new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true);
            return new Memory(
                GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64, GC.GetGCMemoryInfo().TotalCommittedBytes, process.Threads.Count, fds.Length, sockets);
        }
    }

    private sealed record Window(TimeSpan From, TimeSpan To, long HeapBytes, long RssBytes)
    {
        public Window(List<Sample> samples)
            : this(
                samples[0].At,
                samples[^1].At,
                (long)samples.Average(s => s.Memory.HeapBytes),
                (long)samples.Average(s => s.Memory.RssBytes))
        {
        }
    }

    private sealed record Counters(long Sockets, long PeerConnections, long SctpAssociations, long Loops, long Subscriptions)
    {
        public static Counters Read() => new(
            WebRtcDiagnostics.OpenSockets,
            WebRtcDiagnostics.LivePeerConnections,
            WebRtcDiagnostics.LiveSctpAssociations,
            WebRtcDiagnostics.RunningLoops,
            BrokerDiagnostics.LiveSubscriptions);

        public bool AtMost(Counters baseline)
            => Sockets <= baseline.Sockets && PeerConnections <= baseline.PeerConnections && SctpAssociations <= baseline.SctpAssociations
                && Loops <= baseline.Loops && Subscriptions <= baseline.Subscriptions;
    }

    private sealed record Sample(TimeSpan At, Memory Memory, Counters Counters, double? MarkerMs, int DegreeMin, double DegreeAvg, int Chats)
    {
        public string Row() => string.Create(
            Inv,
            $"| {At.TotalMinutes:0.0} | {Mib(Memory.HeapBytes)} | {Mib(Memory.GcCommittedBytes)} | {Mib(Memory.RssBytes)} | {Memory.Threads} | {Memory.FileDescriptors} ({Memory.SocketDescriptors}) | {Counters.Sockets} | {Counters.PeerConnections} | {Counters.SctpAssociations} | {Counters.Loops} | {Counters.Subscriptions} | {DegreeMin} / {DegreeAvg:0.0} | {Chats} | {(MarkerMs is { } ms ? ms.ToString("0", Inv) : "LOST")} |");
    }
}
