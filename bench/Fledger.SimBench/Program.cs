using System.Diagnostics;
using System.Globalization;
using Fledger.Modules;
using Fledger.Simulation;

// Simulated-overlay benchmark: N real FledgerNodes on the in-memory network, one chat event at a time.
// Usage: dotnet run -c Release --project bench/Fledger.SimBench -- [nodes=1000] [events=5] [seed=1]
var nodes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var events = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var seed = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
var options = new SimulationOptions { Seed = seed };
var meanLatency = (options.MinLatency + options.MaxLatency) / 2;

var wall = Stopwatch.StartNew();
await using var network = new SimulatedNetwork(options);
await network.AddNodesAsync(nodes);
var setup = wall.Elapsed;
var formed = await network.RunUntilAsync(() => network.CountComponents() == 1, TimeSpan.FromMinutes(5));
await network.RunForAsync(TimeSpan.FromSeconds(10));
var degrees = network.AliveNodes.Select(n => network.ConnectionsOf(n.Id).Count).ToArray();
var target = network.Nodes[0].Node.Overlay?.TargetDegree ?? 0;

Console.WriteLine($"# Fledger.SimBench: {nodes} nodes, seed {seed}");
Console.WriteLine();
Console.WriteLine($"- setup {setup.TotalSeconds:F1} s wall; overlay connected after {formed?.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) ?? "never"} s simulated");
Console.WriteLine($"- target degree {target}; degree min {degrees.Min()} / avg {degrees.Average():F2} / max {degrees.Max()}; one-way latency {options.MinLatency.TotalMilliseconds}-{options.MaxLatency.TotalMilliseconds} ms");
Console.WriteLine();
Console.WriteLine("| event | time to 100 % (simulated) | ≈ rounds (3 one-way hops each) | delivery | gossip msgs / node | goal ≤ 2 × avg degree | wall |");
Console.WriteLine("|---|---|---|---|---|---|---|");
var random = new Random(seed);
for (var i = 0; i < events; i++)
{
    var author = network.Nodes[random.Next(network.Nodes.Count)].Node;
    var before = network.MessagesSentFor(ModuleNames.Gossip);
    var started = wall.Elapsed;
    var posted = await author.PostChatAsync($"bench event {i}") ?? throw new InvalidOperationException("post rejected");
    var took = await network.RunUntilAsync(() => network.AliveNodes.All(n => n.Node.HasChatEvent(posted.Id)), TimeSpan.FromSeconds(60));
    var reached = network.AliveNodes.Count(n => n.Node.HasChatEvent(posted.Id));
    var perNode = (network.MessagesSentFor(ModuleNames.Gossip) - before) / (double)nodes;
    var rounds = took is { } t ? t / (3 * meanLatency) : double.NaN;
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {i + 1} | {took?.TotalMilliseconds ?? double.NaN:F0} ms | {rounds:F1} | {100.0 * reached / nodes:F1} % | {perNode:F2} | {2 * degrees.Average():F1} | {(wall.Elapsed - started).TotalSeconds:F1} s |"));
    await network.RunForAsync(TimeSpan.FromSeconds(5));
}

Console.WriteLine();
Console.WriteLine($"Total wall time {wall.Elapsed.TotalSeconds:F1} s; {network.MessagesSent} node messages in {network.Elapsed.TotalSeconds:F0} s simulated.");
