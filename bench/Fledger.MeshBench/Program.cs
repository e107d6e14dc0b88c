using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Fledger.MeshBench;
using Fledger.SignalServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

// Gossip over real native nodes: N nodes (default 30) in this process over the managed WebRTC stack on 127.0.0.1,
// a real signal server (Kestrel, 127.0.0.1, free port) in the same process. Usage:
//   Fledger.MeshBench [--nodes 30] [--events 20] [--json mesh-bench.json]
// Soak mode (SoakRun.cs): Fledger.MeshBench --soak 10m [--nodes 20] [--interval-ms 200] [--sample 1m] [--warmup 4m]
if (Array.IndexOf(args, "--soak") >= 0)
{
    return await SoakRun.RunAsync(args);
}

var nodeCount = Arg("--nodes", 30);
var eventCount = Arg("--events", 20);
var jsonPath = ArgString("--json", "mesh-bench.json");
var inv = CultureInfo.InvariantCulture;
using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(10));

var server = SignalServerApp.Create(["--urls=http://127.0.0.1:0", "--Serilog:MinimumLevel:Default=Warning", "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Error"]);
await server.StartAsync(cancel.Token);
var address = new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
var hub = new Uri(address, "/signal");

var process = Process.GetCurrentProcess();
GC.Collect();
process.Refresh();
var baseRss = process.WorkingSet64;
var nodes = new List<BenchNode>();
var changed = new SemaphoreSlim(0);
var total = Stopwatch.StartNew();
for (var i = 0; i < nodeCount; i++)
{
    var node = await BenchNode.StartAsync(hub, $"bench{i}", 1000 + i, cancel.Token);
    node.Node.Changed += (_, _) => Release();
    nodes.Add(node);
}

var started = total.Elapsed;
var overlay = await WaitAsync(() => nodes.All(n => n.Node.Connections.Count >= 1) && Overlay.IsConnected(nodes), TimeSpan.FromSeconds(180));
var formed = total.Elapsed;
var degrees = nodes.Select(n => n.Node.Connections.Count).ToList();
var (links, secured) = await nodes[0].ConnectionCheckAsync(cancel.Token);

var latencies = new List<double>();
for (var e = 0; e < eventCount; e++)
{
    var from = nodes[e * 7 % nodes.Count].Node;
    var watch = Stopwatch.StartNew();
    var posted = await from.PostChatAsync($"bench event {e}", cancel.Token) ?? throw new InvalidOperationException("post refused");
    await WaitAsync(() => nodes.All(n => n.Node.HasChatEvent(posted.Id)), TimeSpan.FromSeconds(60));
    latencies.Add(watch.Elapsed.TotalMilliseconds);
}

GC.Collect();
process.Refresh();
var rss = process.WorkingSet64;
latencies.Sort();
var result = new
{
    nodes = nodeCount,
    events = eventCount,
    processors = Environment.ProcessorCount,
    loadAverage = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a",
    startSeconds = started.TotalSeconds,
    overlaySeconds = (formed - started).TotalSeconds,
    degreeMin = degrees.Min(),
    degreeAvg = degrees.Average(),
    degreeMax = degrees.Max(),
    node0Connections = links,
    node0DtlsSctpHostConnections = secured,
    gossipMedianMs = Percentile(0.5),
    gossipP99Ms = Percentile(0.99),
    gossipMaxMs = latencies[^1],
    processRssMiB = rss / 1048576.0,
    baseRssMiB = baseRss / 1048576.0,
    rssPerNodeMiB = rss / 1048576.0 / nodeCount,
    rssGrowthPerNodeMiB = (rss - baseRss) / 1048576.0 / nodeCount,
};
await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }), cancel.Token);

Console.WriteLine($"| measure | value |");
Console.WriteLine($"|---|---|");
Console.WriteLine(string.Create(inv, $"| native nodes (one process) / events | {nodeCount} / {eventCount} |"));
Console.WriteLine(string.Create(inv, $"| machine | {Environment.ProcessorCount} cores, load average {result.loadAverage} |"));
Console.WriteLine(string.Create(inv, $"| start all nodes / overlay connected after | {started.TotalSeconds:0.0} s / {result.overlaySeconds:0.0} s |"));
Console.WriteLine(string.Create(inv, $"| degree min / avg / max | {result.degreeMin} / {result.degreeAvg:0.0} / {result.degreeMax} |"));
Console.WriteLine(string.Create(inv, $"| node 0: connections with DTLS + SCTP connected over host candidates | {secured} of {links} |"));
Console.WriteLine(string.Create(inv, $"| chat to all {nodeCount} nodes: median / p99 / max | {result.gossipMedianMs:0} ms / {result.gossipP99Ms:0} ms / {result.gossipMaxMs:0} ms |"));
Console.WriteLine(string.Create(inv, $"| process RSS / per node | {result.processRssMiB:0} MiB / {result.rssPerNodeMiB:0.0} MiB |"));
Console.WriteLine(string.Create(inv, $"| RSS growth per node (minus process with server, before nodes: {result.baseRssMiB:0} MiB) | {result.rssGrowthPerNodeMiB:0.0} MiB |"));
Console.WriteLine($"JSON: {Path.GetFullPath(jsonPath)}");

foreach (var node in nodes)
{
    await node.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
}

await server.StopAsync(CancellationToken.None);
await server.DisposeAsync();
return overlay ? 0 : 1;

double Percentile(double p) => latencies[Math.Clamp((int)Math.Ceiling(p * latencies.Count) - 1, 0, latencies.Count - 1)];

void Release()
{
    if (changed.CurrentCount == 0)
    {
        changed.Release();
    }
}

async Task<bool> WaitAsync(Func<bool> condition, TimeSpan deadline)
{
    var watch = Stopwatch.StartNew();
    while (!condition())
    {
        var left = deadline - watch.Elapsed;
        if (left <= TimeSpan.Zero)
        {
            throw new TimeoutException($"condition not met within {deadline.TotalSeconds:0} s");
        }

        // Woken by any node's change; re-checked at least every 50 ms.
        await changed.WaitAsync(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50), cancel.Token);
    }

    return true;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string ArgString(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}
