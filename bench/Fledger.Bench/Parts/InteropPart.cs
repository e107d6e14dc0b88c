using System.Text.Json.Nodes;
using Fledger.Bench.Parsing;
using Fledger.Bench.Report;
using static System.FormattableString;

namespace Fledger.Bench.Parts;

/// <summary>Managed ↔ Chromium next to Chromium ↔ Chromium (<c>Fledger.InteropBench</c>); only inside the network namespace.</summary>
internal sealed class InteropPart : IBenchPart
{
    public string Name => "interop";

    public string Title => "Data channel, managed ↔ Chromium and Chromium ↔ Chromium (network namespace)";

    public async Task<PartResult> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        if (NetworkNamespace.WhyNot() is { } reason)
        {
            return PartResult.NotOk(Name, Title, PartStatus.Skipped, reason);
        }

        var dll = context.Dll("bench", "Fledger.InteropBench");
        if (BenchContext.Missing(dll) is { } missing)
        {
            return PartResult.NotOk(Name, Title, PartStatus.Failed, missing);
        }

        string[] sizes = context.Options.Quick ? ["--setups", "2", "--mib", "2", "--mdns", "off"] : ["--setups", "10", "--mib", "20"];
        var run = await ChildProcess.RunAsync("dotnet", [dll, .. sizes], context.Options.Root, TimeSpan.FromMinutes(6), context.Progress, cancellationToken);
        if (run.TimedOut)
        {
            return PartResult.NotOk(Name, Title, PartStatus.TimedOut, "did not finish within 6 min", run.Elapsed.TotalSeconds);
        }

        var rows = InteropRow.ParseTable(run.Out);
        if (run.ExitCode != 0 || rows.Count == 0)
        {
            var why = run.ExitCode != 0 ? $"exit code {run.ExitCode}: {BrokerPart.Tail(run.Error)}" : $"no table rows could be read from its output: {BrokerPart.Tail(run.Out)}";
            return PartResult.NotOk(Name, Title, PartStatus.Failed, why, run.Elapsed.TotalSeconds);
        }

        var (table, data) = Summarize(rows);
        return PartResult.Ok(Name, Title, run.Elapsed.TotalSeconds, table, data, $"{string.Join(' ', sizes)}; MB = 10^6 bytes; managed setups include one Playwright round trip of the test relay (also shown without it)");
    }

    internal static (IReadOnlyList<BenchRow> Rows, JsonObject Data) Summarize(IReadOnlyList<InteropRow> rows)
    {
        var table = rows.Select(r => new BenchRow(
            Invariant($"{r.Pair} (mDNS {r.Mdns})"),
            Invariant($"setup {r.SetupMs:0.0} ms{WithoutTransit(r)}; {r.MBps16:0.0} MB/s (16 KiB msgs), {r.MBps64:0.0} MB/s (64 KiB msgs)"))).ToList();
        var list = new JsonArray();
        foreach (var r in rows)
        {
            list.Add(new JsonObject
            {
                ["pair"] = r.Pair, ["mdns"] = r.Mdns, ["setupMedianMs"] = r.SetupMs, ["setupWithoutSignalingTransitMs"] = r.SetupWithoutTransitMs,
                ["MBps16KiB"] = r.MBps16, ["MBps64KiB"] = r.MBps64,
            });
        }

        return (table, new JsonObject { ["rows"] = list });
    }

    private static string WithoutTransit(InteropRow row) =>
        row.SetupWithoutTransitMs is { } without && without != row.SetupMs ? Invariant($" ({without:0.0} ms without signaling transit)") : string.Empty;
}
