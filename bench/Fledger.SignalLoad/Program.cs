using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Fledger.Core.Identity;
using Fledger.SignalLoad;

// Load benchmark of the signaling server (not a test). See docs/signaling.md, "Load benchmark". One command:
//   dotnet bench/Fledger.SignalLoad/bin/Release/net10.0/Fledger.SignalLoad.dll --server-dll <Fledger.SignalServer.dll>
//       [--mode all|connections|latency] [--nodes 19500] [--latency-nodes 1000] [--rates 1000,5000,20000]
//       [--knee-rates 2000,10000,...] [--no-knee] [--warmup 2] [--duration 10] [--hold 5] [--budget 900]
//       [--json path] [--server-env NAME=VALUE]... [--port N (0 = free port; without --server-dll: an external server)]
var options = LoadOptions.Parse(args);
if (options.ServerDll is null && options.Port == 0)
{
    Console.Error.WriteLine("Give --server-dll <Fledger.SignalServer.dll> (the benchmark starts it) or --port of a running server.");
    return 2;
}

var clock = Stopwatch.StartNew();
var started = DateTimeOffset.UtcNow;
var loadAtStart = Metrics.LoadAverage();
var servers = new List<ServerProcess>();
void KillServers()
{
    lock (servers)
    {
        servers.ForEach(s => s.Kill());
    }
}

// The servers are child processes: stop them however this process ends (normal exit, Ctrl-C, `timeout`'s SIGTERM).
AppDomain.CurrentDomain.ProcessExit += (_, _) => KillServers();
using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => KillServers());
using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => KillServers());
using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, _ => KillServers());
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"signal load benchmark: {Environment.ProcessorCount} cores, load average {loadAtStart:F2}, client pid {Environment.ProcessId}, budget {options.BudgetSeconds} s"));

var allRates = options.Rates.Concat(options.KneeRates).Distinct().Order().ToArray();
var latencySeconds = allRates.Length * (options.WarmupSeconds + options.DurationSeconds + 3) + 60;
ConnectionResult? connections = null;
if (options.Mode is "connections" or "all")
{
    var server = await StartServerAsync();
    var budget = options.Mode == "all" ? Math.Max(60, options.BudgetSeconds - latencySeconds) : options.BudgetSeconds;
    connections = await ConnectionsAsync(server, options.Nodes, budget);
    await StopServerAsync(server);
}

var rates = new List<RateResult>();
if (options.Mode is "latency" or "all")
{
    var server = await StartServerAsync();
    await LatencyAsync(server, options.LatencyNodes);
    await StopServerAsync(server);
}

var lastUnder = rates.Where(r => r.P99Ms <= LoadOptions.KneeP99Ms && r.Delivered >= 0.99).Select(r => (int?)r.Rate).Max();
var firstOver = rates.Where(r => r.P99Ms > LoadOptions.KneeP99Ms || r.Delivered < 0.99).Select(r => (int?)r.Rate).Min();
var report = new BenchReport($"{Environment.ProcessorCount} cores, {Environment.OSVersion}", started, loadAtStart, connections,
    options.LatencyNodes, rates, lastUnder, firstOver, clock.Elapsed.TotalSeconds);
PrintTable(report);
if (options.JsonPath is { } path)
{
    await File.WriteAllTextAsync(path, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
    Console.WriteLine($"wrote {path}");
}

return 0;

async Task<ServerProcess?> StartServerAsync()
{
    if (options.ServerDll is null)
    {
        return null;
    }

    var server = await ServerProcess.StartAsync(options.ServerDll, options.Port, options.ServerEnvironment);
    lock (servers)
    {
        servers.Add(server);
    }

    Console.WriteLine($"server pid {server.Pid} on 127.0.0.1:{server.Port}");
    return server;
}

async Task StopServerAsync(ServerProcess? server)
{
    if (server is not null)
    {
        lock (servers)
        {
            servers.Remove(server);
        }

        await server.DisposeAsync();
    }
}

Uri HubUri(ServerProcess? server) => new($"ws://127.0.0.1:{server?.Port ?? options.Port}/signal");

async Task<ConnectionResult> ConnectionsAsync(ServerProcess? server, int count, int budgetSeconds)
{
    var uri = HubUri(server);
    var recorder = new LatencyRecorder(0);
    var nodes = new List<RawNode>(count);
    var failures = 0;
    long rssAt1000 = 0;
    string? stoppedBy = null;
    var phase = Stopwatch.StartNew();
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(budgetSeconds));
    try
    {
        // Connect storm paced by a bounded parallelism (32 handshakes + announces in flight).
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = stop.Token }, async (i, ct) =>
        {
            var node = new RawNode(NodeIdentity.Generate(new Random(i)), recorder.Record);
            try
            {
                await node.ConnectAndAnnounceAsync(uri, ct);
                int held;
                lock (nodes)
                {
                    nodes.Add(node);
                    held = nodes.Count;
                }

                if (held == 1000 && server is not null)
                {
                    rssAt1000 = server.ResidentBytes();
                }

                if (held % 2000 == 0)
                {
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  {held} announced, {failures} failed, {phase.Elapsed.TotalSeconds:F1} s, server RSS {(server?.ResidentBytes() ?? 0) / 1048576.0:F0} MiB, load {Metrics.LoadAverage():F1}"));
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (Interlocked.Increment(ref failures) <= 3 && !ct.IsCancellationRequested)
                {
                    Console.WriteLine($"  connect failed: {ex.GetType().Name}: {ex.Message}");
                }

                await node.DisposeAsync();
                if (failures > 100)
                {
                    stoppedBy = "more than 100 failed connects";
                    await stop.CancelAsync();
                }
            }
        });
    }
    catch (OperationCanceledException)
    {
        stoppedBy ??= $"time budget of {budgetSeconds} s";
    }

    var connectSeconds = phase.Elapsed.TotalSeconds;
    if (options.HoldSeconds > 0)
    {
        Console.WriteLine($"  holding {nodes.Count} nodes for {options.HoldSeconds} s");
        await Task.Delay(TimeSpan.FromSeconds(options.HoldSeconds));
    }

    var held = nodes.Count(n => n.IsOpen);
    var gauge = await Metrics.ReadGaugeAsync(server?.Port ?? options.Port, "fledger_signal_nodes");
    var rss = server?.ResidentBytes() ?? 0;
    var perNode = server is null || held <= 1000 || rssAt1000 == 0 ? double.NaN : (rss - rssAt1000) / (double)(held - 1000) / 1024;
    var result = new ConnectionResult(count, held, gauge, failures, connectSeconds, nodes.Count / connectSeconds, rss / 1048576.0, perNode,
        server is null ? -1 : Metrics.OpenFds(server.Pid), stoppedBy, Metrics.LoadAverage());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"connections: {held} held after {options.HoldSeconds} s (server gauge {gauge}), {failures} failed, {result.AnnouncesPerSecond:F0} announces/s, server RSS {result.ServerRssMiB:F0} MiB, {perNode:F1} KiB/node (RSS growth 1,000 -> {held}), server fds {result.ServerFds}{(stoppedBy is null ? string.Empty : $", stopped by {stoppedBy}")}"));
    await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (node, _) => await node.DisposeAsync());
    return result;
}

async Task LatencyAsync(ServerProcess? server, int count)
{
    var uri = HubUri(server);
    var recorder = new LatencyRecorder(0);
    var nodes = new RawNode[count];
    for (var i = 0; i < count; i++)
    {
        nodes[i] = new RawNode(NodeIdentity.Generate(new Random(1_000_000 + i)), recorder.Record);
    }

    await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (node, ct) => await node.ConnectAndAnnounceAsync(uri, ct));
    var prefixes = nodes.Select(n => n.BuildRelayPrefix(new string('a', 1300))).ToArray();
    Console.WriteLine($"latency: {count} nodes announced; relays of {prefixes[0].Length + 40} bytes (SignalR JSON record)");
    var required = options.Rates.ToHashSet();
    var random = new Random(7);

    // Pre-warm (not reported): lets the JIT tier up the relay path in both processes before any rate is measured.
    var prewarm = await RunRateAsync(server, nodes, prefixes, recorder, 2000, random, 1, 4);
    Console.WriteLine($"  (pre-warm, not reported) {prewarm}");
    var passed = false;
    foreach (var rate in allRates)
    {
        if (passed && !required.Contains(rate))
        {
            continue;
        }

        if (clock.Elapsed.TotalSeconds > options.BudgetSeconds)
        {
            Console.WriteLine($"  stopping: time budget of {options.BudgetSeconds} s used");
            break;
        }

        var result = await RunRateAsync(server, nodes, prefixes, recorder, rate, random, options.WarmupSeconds, options.DurationSeconds);
        rates.Add(result);
        Console.WriteLine(result);
        passed |= result.P99Ms > LoadOptions.KneeP99Ms || result.Delivered < 0.99;
    }

    await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (node, _) => await node.DisposeAsync());
}

async Task<RateResult> RunRateAsync(ServerProcess? server, RawNode[] nodes, byte[][] prefixes, LatencyRecorder recorder, int rate, Random random, int warmupSeconds, int durationSeconds)
{
    var frequency = Stopwatch.Frequency;
    var total = (long)rate * (warmupSeconds + durationSeconds);
    var start = Stopwatch.GetTimestamp() + (frequency / 100);
    var measureFrom = start + (warmupSeconds * frequency);
    recorder.Reset((int)(rate * durationSeconds * 1.1) + 1000, measureFrom);
    long sent = 0;
    long measuredSent = 0;
    long sendFailures = 0;
    long lagSum = 0;
    var errorsBefore = nodes.Sum(n => Interlocked.Read(ref n.Errors));
    var cpuClient = Process.GetCurrentProcess().TotalProcessorTime;
    var cpuServer = server is null ? TimeSpan.Zero : Metrics.ProcessCpu(server.Pid);
    var port = server?.Port ?? options.Port;
    var allocatedBefore = await Metrics.ReadNumberAsync(port, Metrics.AllocatedBytes);
    var cpuClock = Stopwatch.StartNew();

    // Open loop on a dedicated pacing thread: it sends every message that is due, then sleeps 1 ms (nanosleep: about
    // 1.05 ms here; a PeriodicTimer of 1 ms fired ~2 ms late on average and that lag dominated the measured latency at
    // low rates). Each message carries the time it was due (not when it was sent), so a late pacer, a stalled sender
    // or a slow server all count as latency (no coordinated omission); the mean pacing lag is reported next to it.
    await Task.Factory.StartNew(
        () =>
        {
            while (sent < total)
            {
                var now = Stopwatch.GetTimestamp();
                var due = now < start ? 0 : Math.Min(total, (long)((now - start) * (double)rate / frequency) + 1);
                for (; sent < due; sent++)
                {
                    var intended = start + (long)(sent * (double)frequency / rate);
                    var from = random.Next(nodes.Length);
                    var to = random.Next(nodes.Length - 1);
                    if (to >= from)
                    {
                        to++;
                    }

                    if (intended >= measureFrom)
                    {
                        measuredSent++;
                        lagSum += Stopwatch.GetTimestamp() - intended;
                    }

                    var send = nodes[from].SendRelayAsync(prefixes[to], intended);
                    if (!send.IsCompletedSuccessfully)
                    {
                        _ = send.ContinueWith(_ => Interlocked.Increment(ref sendFailures), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
                    }
                }

                if (sent < total)
                {
                    Thread.Sleep(1);
                }
            }
        },
        CancellationToken.None,
        TaskCreationOptions.LongRunning,
        TaskScheduler.Default);

    var pacingLagMs = lagSum * 1000.0 / Stopwatch.Frequency / Math.Max(1, measuredSent);
    var sendSeconds = cpuClock.Elapsed.TotalSeconds;
    var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuClient).TotalSeconds / sendSeconds;
    var serverCpuSeconds = server is null ? double.NaN : (Metrics.ProcessCpu(server.Pid) - cpuServer).TotalSeconds;

    // Let in-flight relays arrive (bounded: 3 s after the last send).
    await recorder.WhenCountAsync(measuredSent, TimeSpan.FromSeconds(3));

    var allocated = await Metrics.ReadNumberAsync(port, Metrics.AllocatedBytes) - allocatedBefore;
    var (received, p50, p99, p999, max) = recorder.Percentiles();
    var errors = nodes.Sum(n => Interlocked.Read(ref n.Errors)) - errorsBefore;
    return new RateResult(rate, measuredSent, received, received / (double)Math.Max(1, measuredSent), p50, p99, p999, max,
        Interlocked.Read(ref sendFailures), errors, clientCpu, serverCpuSeconds / sendSeconds, serverCpuSeconds * 1e6 / Math.Max(1, sent),
        allocated / Math.Max(1, sent), Metrics.LoadAverage(), pacingLagMs);
}

void PrintTable(BenchReport r)
{
    var c = CultureInfo.InvariantCulture;
    Console.WriteLine();
    Console.WriteLine(string.Create(c, $"== Fledger.SignalServer load benchmark ({r.Machine}; load average {r.LoadAverageAtStart:F1} at start; {r.Seconds:F0} s) =="));
    Console.WriteLine("| measure | value |");
    Console.WriteLine("|---|---|");
    if (r.Connections is { } k)
    {
        Console.WriteLine(string.Create(c, $"| max concurrent announced nodes held | {k.Held:N0} of {k.Target:N0} tried (server gauge {k.ServerGauge}, {k.Failures} failed{(k.StoppedBy is null ? string.Empty : $", stopped by {k.StoppedBy}")}) |"));
        Console.WriteLine(string.Create(c, $"| server memory per node (RSS growth from 1,000 nodes) | {k.KiBPerNode:F1} KiB (RSS {k.ServerRssMiB:F0} MiB, {k.ServerFds} fds, {k.AnnouncesPerSecond:F0} announces/s, load {k.LoadAverage:F1}) |"));
    }

    foreach (var x in r.Rates)
    {
        Console.WriteLine(string.Create(c, $"| relay p50 / p99 at {x.Rate:N0}/s, {r.LatencyNodes:N0} nodes | {x.P50Ms:F2} ms / {x.P99Ms:F2} ms (p99.9 {x.P999Ms:F1} ms, {x.Delivered:P1} delivered, server {x.ServerCpuMicrosPerRelay:F0} us CPU and {x.ServerBytesPerRelay:F0} B allocated per relay, client CPU {x.ClientCpu:P0}, mean pacing lag {x.PacingLagMs:F2} ms, load {x.LoadAverage:F1}) |"));
    }

    if (r.Rates.Count > 0)
    {
        var knee = (r.LastRateP99Under50Ms, r.FirstRateP99Over50Ms) switch
        {
            (null, { } over) => $"already at {over:N0}/s (the lowest rate run)",
            ({ } under, null) => $"not reached up to {under:N0}/s",
            ({ } under, { } over) => $"between {under:N0}/s (last under) and {over:N0}/s (first over)",
            _ => "n/a",
        };
        Console.WriteLine(string.Create(c, $"| rate where p99 passes {LoadOptions.KneeP99Ms} ms (or delivery < 99 %) | {knee} |"));
    }
}
