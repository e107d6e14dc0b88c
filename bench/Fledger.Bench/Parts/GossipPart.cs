using System.Text.Json.Nodes;
using Fledger.Bench.Gossip;
using Fledger.Bench.Report;
using static System.FormattableString;

namespace Fledger.Bench.Parts;

/// <summary>Gossip over real <c>fledger node</c> processes (managed WebRTC on 127.0.0.1), see <see cref="GossipBench"/>.</summary>
internal sealed class GossipPart : IBenchPart
{
    public string Name => "gossip";

    public string Title => "Gossip over fledger node processes";

    public async Task<PartResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var fledger = context.Dll("node-cli", "Fledger.Cli", "fledger");
        var server = context.Dll("signal-server", "Fledger.SignalServer");
        if (BenchContext.Missing(fledger, server) is { } missing)
        {
            return PartResult.NotOk(Name, Title, PartStatus.Failed, missing);
        }

        var options = context.Options;
        var nodes = options.Quick ? 3 : options.GossipNodes;
        var events = options.Quick ? 2 : options.GossipEvents;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var rows = new List<BenchRow>();
        var runs = new JsonArray();
        var notes = new List<string>();
        var status = PartStatus.Ok;
        foreach (var perProcess in options.GossipNodesPerProcess.Select(k => Math.Min(k, nodes)).Distinct())
        {
            var label = Invariant($"{(nodes + perProcess - 1) / perProcess} processes × {perProcess}");
            context.Progress.WriteLine($"    -- {nodes} nodes, {label} node(s)");
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromMinutes(6));
            try
            {
                var result = await new GossipBench(fledger, server, context.Progress).RunAsync(nodes, perProcess, events, limit.Token);
                var (runRows, data) = Summarize(result);
                rows.AddRange(runRows.Select(r => r with { Measure = $"{label}: {r.Measure}" }));
                runs.Add(data);
                if (result.LatenciesMs.Count < events)
                {
                    status = PartStatus.Failed;
                    notes.Add(Invariant($"{label}: {events - result.LatenciesMs.Count} of {events} events did not reach all nodes within 30 s"));
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                status = status == PartStatus.Ok ? PartStatus.TimedOut : status;
                notes.Add($"{label}: did not finish within 6 min");
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
            {
                status = PartStatus.Failed;
                notes.Add($"{label}: {ex.Message}");
            }
        }

        return new PartResult(Name, Title, status, string.Join("; ", notes), watch.Elapsed.TotalSeconds, rows, new JsonObject { ["runs"] = runs });
    }

    internal static (IReadOnlyList<BenchRow> Rows, JsonObject Data) Summarize(GossipResult r)
    {
        var rssMiB = r.ProcessRssKiB.Select(k => k / 1024.0).ToList();
        var rows = new List<BenchRow>
        {
            new("nodes / processes (nodes per process) / events", Invariant($"{r.Nodes} / {r.Processes} ({r.NodesPerProcess}) / {r.EventsPosted}")),
            new("start all processes / overlay connected after", Invariant($"{r.StartSeconds:0.0} s / {r.OverlaySeconds:0.0} s")),
            new("degree min / avg / max", r.Degrees.Count == 0 ? "n/a" : Invariant($"{r.Degrees.Min()} / {r.Degrees.Average():0.0} / {r.Degrees.Max()}")),
            new(Invariant($"chat event to all {r.Nodes} nodes: median / p99 / max"), Invariant($"{r.MedianMs:0} / {r.P99Ms:0} / {r.MaxMs:0} ms ({r.LatenciesMs.Count} of {r.EventsPosted} events reached all)")),
            new("RSS per node (sum of node processes / nodes)", Invariant($"{r.RssPerNodeMiB:0.0} MiB")),
            new("RSS per process min / avg / max", rssMiB.Count == 0 ? "n/a" : Invariant($"{rssMiB.Min():0} / {rssMiB.Average():0} / {rssMiB.Max():0} MiB; signal server {r.ServerRssKiB / 1024.0:0} MiB")),
            new("CPU of all node processes while posting", Invariant($"{r.NodeCpuSecondsDuringEvents:0.0} s in {r.EventsSeconds:0.0} s")),
            new("processes that exited cleanly at the end", Invariant($"{r.CleanExits} of {r.Processes}")),
        };
        var data = new JsonObject
        {
            ["nodes"] = r.Nodes,
            ["processes"] = r.Processes,
            ["nodesPerProcess"] = r.NodesPerProcess,
            ["events"] = r.EventsPosted,
            ["eventsReachedAll"] = r.LatenciesMs.Count,
            ["startSeconds"] = Math.Round(r.StartSeconds, 2),
            ["overlaySeconds"] = Math.Round(r.OverlaySeconds, 2),
            ["degrees"] = new JsonArray([.. r.Degrees.Select(d => (JsonNode)d)]),
            ["latenciesMs"] = new JsonArray([.. r.LatenciesMs.Select(l => (JsonNode)Math.Round(l, 2))]),
            ["medianMs"] = Round(r.MedianMs),
            ["p99Ms"] = Round(r.P99Ms),
            ["maxMs"] = Round(r.MaxMs),
            ["processRssKiB"] = new JsonArray([.. r.ProcessRssKiB.Select(k => (JsonNode)k)]),
            ["rssPerNodeMiB"] = Math.Round(r.RssPerNodeMiB, 2),
            ["serverRssKiB"] = r.ServerRssKiB,
            ["nodeCpuSecondsDuringEvents"] = Math.Round(r.NodeCpuSecondsDuringEvents, 2),
            ["eventsSeconds"] = Math.Round(r.EventsSeconds, 2),
            ["cleanExits"] = r.CleanExits,
        };
        return (rows, data);
    }

    private static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 2);
}
