using System.Text.Json.Nodes;
using Fledger.Bench.Parsing;
using Fledger.Bench.Report;
using static System.FormattableString;

namespace Fledger.Bench.Parts;

/// <summary>Broker messages/s against a raw <c>Channel&lt;T&gt;</c> hop: BenchmarkDotNet <c>BrokerBenchmarks</c> (its own bounded job), JSON exporter.</summary>
internal sealed class BrokerPart : IBenchPart
{
    public string Name => "broker";

    public string Title => "Broker vs raw channel hop (BenchmarkDotNet)";

    public async Task<PartResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var artifacts = Path.Combine(context.Scratch, "bdn");
        var project = Path.Combine(context.Options.Root, "bench", "Fledger.Benchmarks");
        // BrokerBenchmarks brings its own bounded job ([Config]); --quick adds a dry one for a smoke run.
        string[] job = context.Options.Quick ? ["--job", "dry"] : [];
        var run = await ChildProcess.RunAsync(
            "dotnet",
            ["run", "-c", "Release", "--no-build", "--project", project, "--", "--filter", "*BrokerBenchmarks*", .. job, "--exporters", "json", "--artifacts", artifacts],
            project,
            TimeSpan.FromMinutes(8),
            context.Progress,
            cancellationToken);
        if (run.TimedOut)
        {
            return PartResult.NotOk(Name, Title, PartStatus.TimedOut, "BenchmarkDotNet did not finish within 8 min", run.Elapsed.TotalSeconds);
        }

        var report = Directory.Exists(Path.Combine(artifacts, "results"))
            ? Directory.GetFiles(Path.Combine(artifacts, "results"), "*BrokerBenchmarks*.json").FirstOrDefault()
            : null;
        if (report is null)
        {
            return PartResult.NotOk(Name, Title, PartStatus.Failed, $"no JSON report (exit code {run.ExitCode}): {Tail(run.Out)}", run.Elapsed.TotalSeconds);
        }

        var cases = BenchmarkDotNetReport.Parse(await File.ReadAllTextAsync(report, cancellationToken), out var error);
        if (cases.Count == 0)
        {
            return PartResult.NotOk(Name, Title, PartStatus.Failed, $"no measured case in {report} ({(error.Length > 0 ? error : "every case lacks statistics")}; exit code {run.ExitCode}): {Tail(run.Out)}", run.Elapsed.TotalSeconds);
        }

        var (rows, data) = Summarize(cases);
        return PartResult.Ok(Name, Title, run.Elapsed.TotalSeconds, rows, data, context.Options.Quick ? "dry job (--quick): one invocation, not a measurement" : string.Empty);
    }

    /// <summary>Table rows and JSON of the cases; the raw channel hop is the baseline.</summary>
    internal static (IReadOnlyList<BenchRow> Rows, JsonObject Data) Summarize(IReadOnlyList<BrokerCase> cases)
    {
        // Each case is compared with the nearest raw channel case before it in the same job: BenchmarkDotNet lists a
        // baseline first in its group (one group, or one per category such as same thread / cross thread).
        var several = cases.Select(c => c.Job).Distinct().Count() > 1;
        var baselines = new Dictionary<string, BrokerCase>();
        var rows = new List<BenchRow>();
        var list = new JsonArray();
        foreach (var c in cases)
        {
            if (c.Title.Contains("raw Channel", StringComparison.OrdinalIgnoreCase))
            {
                baselines[c.Job] = c;
            }

            double? vs = baselines.TryGetValue(c.Job, out var baseline) && baseline.MeanNs > 0 ? c.MeanNs / baseline.MeanNs : null;
            var ratio = vs is { } r ? Invariant($"; {r:0.0}× {(ReferenceEquals(baseline, c) ? "(baseline)" : "its raw hop")}") : string.Empty;
            var allocated = c.AllocatedBytes is { } b ? Invariant($", {b:0} B/msg") : string.Empty;
            var title = several && c.Job.Length > 0 ? $"{c.Title} [{c.Job}]" : c.Title;
            rows.Add(new BenchRow(title, Invariant($"{c.PerSecond / 1e6:0.00} M msg/s ({c.MeanNs:0.0} ns/msg{allocated}{ratio})")));
            list.Add(new JsonObject
            {
                ["case"] = c.Title,
                ["job"] = c.Job,
                ["meanNs"] = Math.Round(c.MeanNs, 3),
                ["messagesPerSecond"] = Math.Round(c.PerSecond),
                ["allocatedBytesPerMessage"] = c.AllocatedBytes,
                ["vsRawHop"] = vs is { } v ? Math.Round(v, 2) : null,
                ["rawHop"] = baseline?.Title,
            });
        }

        return (rows, new JsonObject { ["cases"] = list });
    }

    internal static string Tail(string text) => text.Length <= 600 ? text.Trim() : "…" + text[^600..].Trim();
}
