using System.Diagnostics;
using System.Globalization;
using Fledger.Core.Identity;
using Fledger.SignalLoad;

// Load benchmark of the signaling server (not a test). See docs/signaling.md, "Load benchmark".
//   dotnet run -c Release --project bench/Fledger.SignalLoad -- --server-dll <Fledger.SignalServer.dll>
//       [--mode connections|latency|all] [--nodes 19000] [--latency-nodes 1000]
//       [--rates 1000,5000,20000] [--knee] [--duration 10] [--port 5099] [--budget 600]
var options = LoadOptions.Parse(args);
await using var server = options.ServerDll is null ? null : await ServerProcess.StartAsync(options.ServerDll, options.Port, 30_000);
var wsUri = new Uri($"ws://127.0.0.1:{options.Port}/signal");
if (server is not null)
{
    // Also stop the server process when this one is killed (e.g. by `timeout`).
    AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Kill();
}

Console.WriteLine($"server: {(server is null ? "external" : $"pid {server.Pid}")} at {wsUri}; client pid {Environment.ProcessId}");

if (options.Mode is "connections" or "all")
{
    await ConnectionsAsync(options.Nodes);
}

if (options.Mode is "latency" or "all")
{
    await LatencyAsync(options.LatencyNodes);
}

async Task ConnectionsAsync(int count)
{
    var recorder = new LatencyRecorder(0);
    var nodes = new List<RawNode>(count);
    var failures = 0;
    long rssAt1000 = 0;
    var clock = Stopwatch.StartNew();
    var random = new Random(42);
    for (var batchStart = 0; batchStart < count; batchStart += 500)
    {
        var batch = Enumerable.Range(batchStart, Math.Min(500, count - batchStart))
            .Select(_ => new RawNode(NodeIdentity.Generate(random), recorder.Record))
            .ToArray();
        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (node, ct) =>
        {
            try
            {
                await node.ConnectAndAnnounceAsync(wsUri, ct);
                lock (nodes)
                {
                    nodes.Add(node);
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (Interlocked.Increment(ref failures) <= 3)
                {
                    Console.WriteLine($"  connect failed: {ex.GetType().Name}: {ex.Message}");
                }

                await node.DisposeAsync();
            }
        });
        if (batchStart + 500 >= 1000 && rssAt1000 == 0 && server is not null)
        {
            rssAt1000 = server.ResidentBytes();
        }

        if ((batchStart / 500) % 4 == 3 || batchStart + 500 >= count)
        {
            Console.WriteLine($"  {nodes.Count} announced, {failures} failed, {clock.Elapsed.TotalSeconds:F1} s" +
                (server is null ? string.Empty : $", server RSS {server.ResidentBytes() / 1048576.0:F0} MiB"));
        }

        if (failures > 100 || clock.Elapsed.TotalSeconds > options.BudgetSeconds)
        {
            Console.WriteLine($"  stopping: {(failures > 100 ? "too many failures" : $"time budget of {options.BudgetSeconds} s used")}");
            break;
        }
    }

    var listed = await Metrics.ReadGaugeAsync(options.Port, "fledger_signal_nodes");
    Console.WriteLine($"connections: {nodes.Count} announced concurrently (server gauge fledger_signal_nodes = {listed}), {failures} failed, {clock.Elapsed.TotalSeconds:F1} s ({nodes.Count / clock.Elapsed.TotalSeconds:F0} announces/s)");
    if (server is not null && nodes.Count > 1000)
    {
        GC.KeepAlive(nodes);
        var rss = server.ResidentBytes();
        Console.WriteLine($"server RSS {rss / 1048576.0:F0} MiB; per node (RSS growth from 1,000 to {nodes.Count} nodes) {(rss - rssAt1000) / (double)(nodes.Count - 1000) / 1024:F1} KiB");
    }

    await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (node, _) => await node.DisposeAsync());
}

async Task LatencyAsync(int count)
{
    var recorder = new LatencyRecorder(0);
    var random = new Random(7);
    var nodes = new RawNode[count];
    for (var i = 0; i < count; i++)
    {
        nodes[i] = new RawNode(NodeIdentity.Generate(random), ts => recorder.Record(ts));
    }

    await Parallel.ForEachAsync(nodes, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (node, ct) => await node.ConnectAndAnnounceAsync(wsUri, ct));
    Console.WriteLine($"latency: {count} nodes announced");
    var payload = new string('a', 1300);
    var rates = options.Rates.ToList();
    if (options.Knee)
    {
        rates = [.. rates, 10_000, 15_000, 25_000, 30_000, 40_000, 50_000];
        rates = [.. rates.Distinct().Order()];
    }

    foreach (var rate in rates)
    {
        var result = await RunRateAsync(nodes, recorder, rate, payload, random);
        Console.WriteLine(result);
        if (options.Knee && (result.P99Ms > 50 || result.Delivered < 0.95))
        {
            Console.WriteLine($"p99 passes 50 ms (or delivery < 95 %) at {rate} relays/s");
            break;
        }
    }

    foreach (var node in nodes)
    {
        await node.DisposeAsync();
    }
}

async Task<RateResult> RunRateAsync(RawNode[] nodes, LatencyRecorder recorder, int rate, string payload, Random random)
{
    var duration = TimeSpan.FromSeconds(options.DurationSeconds);
    var warmup = TimeSpan.FromSeconds(1);
    recorder.Reset((int)(rate * (duration.TotalSeconds + 1) * 1.1));
    var frequency = Stopwatch.Frequency;
    var start = Stopwatch.GetTimestamp();
    var measureFrom = start + (long)(warmup.TotalSeconds * frequency);
    recorder.MeasureFrom = measureFrom;
    var total = (long)(rate * (warmup + duration).TotalSeconds);
    long sent = 0;
    long measuredSent = 0;
    long sendFailures = 0;
    var cpuClient = Process.GetCurrentProcess().TotalProcessorTime;
    var cpuServer = server is null ? TimeSpan.Zero : Metrics.ProcessCpu(server.Pid);
    using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
    while (sent < total && await timer.WaitForNextTickAsync())
    {
        var elapsed = Stopwatch.GetElapsedTime(start);
        var due = Math.Min(total, (long)(elapsed.TotalSeconds * rate));
        for (; sent < due; sent++)
        {
            // Open loop: the timestamp is when the message was due, so a stalled sender shows up as latency.
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
            }

            var send = nodes[from].SendRawAsync(RawNode.BuildRelay(nodes[to].IdText, payload, intended));
            if (!send.IsCompletedSuccessfully)
            {
                _ = send.ContinueWith(t => Interlocked.Increment(ref sendFailures), TaskContinuationOptions.OnlyOnFaulted);
            }
        }
    }

    // Let in-flight relays arrive (bounded).
    var drainUntil = Stopwatch.GetTimestamp() + (5 * frequency);
    while (recorder.Count < measuredSent && Stopwatch.GetTimestamp() < drainUntil)
    {
        await timer.WaitForNextTickAsync();
    }

    var clientCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuClient).TotalSeconds / (warmup + duration).TotalSeconds;
    var serverCpu = server is null ? 0 : (Metrics.ProcessCpu(server.Pid) - cpuServer).TotalSeconds / (warmup + duration).TotalSeconds;
    var errors = nodes.Sum(n => Interlocked.Read(ref n.Errors));
    return recorder.Summarize(rate, measuredSent, sendFailures, errors, clientCpu, serverCpu);
}
