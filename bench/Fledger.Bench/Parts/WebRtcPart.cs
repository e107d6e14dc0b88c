using System.Text.Json.Nodes;
using Fledger.Bench.Parsing;
using Fledger.Bench.Report;
using static System.FormattableString;

namespace Fledger.Bench.Parts;

/// <summary>Managed ↔ managed data channel on 127.0.0.1: setup time and throughput (<c>Fledger.Benchmarks webrtc</c>).</summary>
internal sealed class WebRtcPart : IBenchPart
{
    public string Name => "webrtc";

    public string Title => "Data channel, managed ↔ managed (127.0.0.1)";

    public async Task<PartResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var dll = context.Dll("bench", "Fledger.Benchmarks");
        if (BenchContext.Missing(dll) is { } missing)
        {
            return PartResult.NotOk(Name, Title, PartStatus.Failed, missing);
        }

        var run = await ChildProcess.RunAsync("dotnet", [dll, "webrtc"], context.Options.Root, TimeSpan.FromMinutes(5), context.Progress, cancellationToken);
        if (run.TimedOut)
        {
            return PartResult.NotOk(Name, Title, PartStatus.TimedOut, "did not finish within 5 min", run.Elapsed.TotalSeconds);
        }

        var figures = WebRtcFigures.Parse(run.Out);
        if (run.ExitCode != 0 || figures is null)
        {
            return PartResult.NotOk(Name, Title, PartStatus.Failed, $"exit code {run.ExitCode}: {BrokerPart.Tail(run.Out + run.Error)}", run.Elapsed.TotalSeconds);
        }

        var (rows, data) = Summarize(figures);
        return PartResult.Ok(Name, Title, run.Elapsed.TotalSeconds, rows, data);
    }

    internal static (IReadOnlyList<BenchRow> Rows, JsonObject Data) Summarize(WebRtcFigures figures)
    {
        var rows = new List<BenchRow>();
        if (figures.SetupMedianMs is { } median)
        {
            var first = figures.FirstSetupMs is { } f ? Invariant($"; first after warm-up {f:0.0}") : string.Empty;
            rows.Add(new BenchRow("setup (offer → channel open), median of 20", Invariant($"{median:0.0} ms (min {figures.SetupMinMs:0.0}, max {figures.SetupMaxMs:0.0}{first})")));
        }

        var rates = new JsonObject();
        foreach (var (kib, mibps) in figures.MiBPerSecondByKiB)
        {
            rows.Add(new BenchRow(Invariant($"throughput, 100 MiB in {kib} KiB messages"), Invariant($"{mibps:0.0} MiB/s")));
            rates[Invariant($"{kib}KiB")] = mibps;
        }

        return (rows, new JsonObject
        {
            ["setupFirstMs"] = figures.FirstSetupMs,
            ["setupMedianMs"] = figures.SetupMedianMs,
            ["setupMinMs"] = figures.SetupMinMs,
            ["setupMaxMs"] = figures.SetupMaxMs,
            ["throughputMiBps"] = rates,
        });
    }
}
