using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Fledger.Bench.Parsing;
using Fledger.Bench.Report;
using static System.FormattableString;

namespace Fledger.Bench.Parts;

/// <summary>Signal server relay throughput and latency with N connected nodes (<c>Fledger.SignalLoad --mode latency</c>, server as its own process).</summary>
internal sealed class SignalPart : IBenchPart
{
    public string Name => "signal";

    public string Title => "Signal server relay (open loop, ~1.45 KB messages between random pairs)";

    public async Task<PartResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var dll = context.Dll("bench", "Fledger.SignalLoad");
        var server = context.Dll("signal-server", "Fledger.SignalServer");
        if (BenchContext.Missing(dll, server) is { } missing)
        {
            return PartResult.NotOk(Name, Title, PartStatus.Failed, missing);
        }

        var nodes = context.Options.Quick ? 20 : context.Options.SignalNodes;
        var rates = context.Options.Quick ? "200" : "1000,5000,10000,20000";
        var duration = context.Options.Quick ? "1" : "5";
        var json = Path.Combine(context.Scratch, "signal-load.json");
        var run = await ChildProcess.RunAsync(
            "dotnet",
            // --json and --no-knee are for builds that have them (others ignore unknown options and print lines instead).
            [dll, "--server-dll", server, "--mode", "latency", "--latency-nodes", Invariant($"{nodes}"), "--rates", rates, "--duration", duration,
                "--port", Invariant($"{FreePort()}"), "--no-knee", "--json", json],
            context.Options.Root,
            TimeSpan.FromMinutes(5),
            context.Progress,
            cancellationToken);
        if (run.TimedOut)
        {
            return PartResult.NotOk(Name, Title, PartStatus.TimedOut, "did not finish within 5 min", run.Elapsed.TotalSeconds);
        }

        int? reportedNodes = null;
        var results = File.Exists(json) ? RelayRate.ParseReport(await File.ReadAllTextAsync(json, cancellationToken), out reportedNodes) : [];
        if (results.Count == 0)
        {
            results = RelayRate.ParseAll(run.Out);
            reportedNodes = RelayRate.ParseNodes(run.Out);
        }

        if (run.ExitCode != 0 || results.Count == 0)
        {
            return PartResult.NotOk(Name, Title, PartStatus.Failed, $"exit code {run.ExitCode}: {BrokerPart.Tail(run.Out + run.Error)}", run.Elapsed.TotalSeconds);
        }

        var (rows, data) = Summarize(reportedNodes ?? nodes, results, double.Parse(duration, System.Globalization.CultureInfo.InvariantCulture));
        return PartResult.Ok(Name, Title, run.Elapsed.TotalSeconds, rows, data, Invariant($"each rate: a warm-up, then {duration} s measured; latency = send to receive, stamped when due"));
    }

    internal static (IReadOnlyList<BenchRow> Rows, JsonObject Data) Summarize(int nodes, IReadOnlyList<RelayRate> results, double durationSeconds)
    {
        var rows = new List<BenchRow>();
        var list = new JsonArray();
        foreach (var r in results)
        {
            var delivered = r.Received / durationSeconds;
            rows.Add(new BenchRow(
                Invariant($"{r.Rate:N0} relays/s offered, {nodes:N0} nodes connected"),
                Invariant($"{delivered:N0}/s delivered ({r.DeliveredPercent:0.0} %); p50 {r.P50Ms:0.0} ms, p99 {r.P99Ms:0.0} ms; server CPU {r.ServerCpuPercent:0} %")));
            list.Add(new JsonObject
            {
                ["offeredPerSecond"] = r.Rate,
                ["deliveredPerSecond"] = Math.Round(delivered),
                ["deliveredPercent"] = r.DeliveredPercent,
                ["p50Ms"] = r.P50Ms,
                ["p99Ms"] = r.P99Ms,
                ["p999Ms"] = r.P999Ms,
                ["serverCpuPercent"] = double.IsNaN(r.ServerCpuPercent) ? null : r.ServerCpuPercent,
            });
        }

        // Sustained: the highest offered rate still delivered in full (≥ 99 %) with p99 under 100 ms.
        var sustained = results.Where(r => r.DeliveredPercent >= 99 && r.P99Ms < 100).Select(r => r.Rate).DefaultIfEmpty(0).Max();
        rows.Add(new BenchRow("highest offered rate with ≥ 99 % delivered and p99 < 100 ms", sustained > 0 ? Invariant($"{sustained:N0} relays/s") : "none of the rates tried"));
        return (rows, new JsonObject { ["nodes"] = nodes, ["rates"] = list, ["sustainedPerSecond"] = sustained });
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
