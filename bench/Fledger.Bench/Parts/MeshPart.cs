using System.Text.Json.Nodes;
using Fledger.Bench.Report;
using static System.FormattableString;

namespace Fledger.Bench.Parts;

/// <summary>Gossip over N native nodes in ONE process (<c>Fledger.MeshBench</c>, its <c>--json</c> output): the in-process reference for the multi-process part.</summary>
internal sealed class MeshPart : IBenchPart
{
    public string Name => "mesh";

    public string Title => "Gossip, native nodes in one process (MeshBench)";

    public async Task<PartResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var dll = context.Dll("bench", "Fledger.MeshBench");
        if (BenchContext.Missing(dll) is { } missing)
        {
            return PartResult.NotOk(Name, Title, PartStatus.Failed, missing);
        }

        var json = Path.Combine(context.Scratch, "mesh-bench.json");
        var nodes = context.Options.Quick ? 3 : context.Options.GossipNodes;
        var events = context.Options.Quick ? 2 : context.Options.GossipEvents;
        var run = await ChildProcess.RunAsync("dotnet", [dll, "--nodes", Invariant($"{nodes}"), "--events", Invariant($"{events}"), "--json", json], context.Options.Root, TimeSpan.FromMinutes(5), context.Progress, cancellationToken);
        if (run.TimedOut)
        {
            return PartResult.NotOk(Name, Title, PartStatus.TimedOut, "did not finish within 5 min", run.Elapsed.TotalSeconds);
        }

        if (run.ExitCode != 0 || !File.Exists(json) || JsonNode.Parse(await File.ReadAllTextAsync(json, cancellationToken)) is not JsonObject data)
        {
            return PartResult.NotOk(Name, Title, PartStatus.Failed, $"exit code {run.ExitCode}: {BrokerPart.Tail(run.Out + run.Error)}", run.Elapsed.TotalSeconds);
        }

        return PartResult.Ok(Name, Title, run.Elapsed.TotalSeconds, Summarize(data), data);
    }

    internal static IReadOnlyList<BenchRow> Summarize(JsonObject d)
    {
        double N(string name) => d[name]?.GetValue<double>() ?? double.NaN;
        return
        [
            new BenchRow("nodes / events", Invariant($"{N("nodes"):0} / {N("events"):0}")),
            new BenchRow("start all nodes / overlay connected after", Invariant($"{N("startSeconds"):0.0} s / {N("overlaySeconds"):0.0} s")),
            new BenchRow("chat event to all nodes: median / p99 / max", Invariant($"{N("gossipMedianMs"):0} / {N("gossipP99Ms"):0} / {N("gossipMaxMs"):0} ms")),
            new BenchRow("process RSS / per node", Invariant($"{N("processRssMiB"):0} MiB / {N("rssPerNodeMiB"):0.0} MiB (growth per node {N("rssGrowthPerNodeMiB"):0.0} MiB)")),
        ];
    }
}
