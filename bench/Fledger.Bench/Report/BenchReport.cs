using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static System.FormattableString;

namespace Fledger.Bench.Report;

/// <summary>A whole run: when, where, the load around it, and every part's result; rendered as markdown and JSON.</summary>
internal sealed record BenchReport(DateTimeOffset Started, double TotalSeconds, MachineInfo Machine, string LoadAtStart, string LoadAtEnd, string Command, IReadOnlyList<PartResult> Parts)
{
    /// <summary>The report as markdown: a header with the machine, one table (ready to paste into docs/benchmarks.md) and notes.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"### One run, {Started:yyyy-MM-dd HH:mm} UTC ({TotalSeconds / 60:0.0} min)"));
        text.AppendLine();
        text.AppendLine(Invariant($"Machine: {Machine.Cpu}, {Machine.Cores} cores, {Machine.RamGiB:0.#} GiB RAM, {Machine.Os}, {Machine.DotNet}. Load average (1/5/15 min) at start {LoadAtStart}, at end {LoadAtEnd}. Command: `{Command}`."));
        text.AppendLine();
        text.AppendLine("| part | measure | value |");
        text.AppendLine("|---|---|---|");
        foreach (var part in Parts)
        {
            if (part.Status != PartStatus.Ok && part.Rows.Count == 0)
            {
                text.AppendLine($"| {Cell(part.Title)} | {StatusText(part.Status)} | {Cell(part.Note)} |");
                continue;
            }

            for (var i = 0; i < part.Rows.Count; i++)
            {
                // The part's title on its first row only: easier to read, still one valid table.
                text.AppendLine($"| {(i == 0 ? Cell(part.Title) : string.Empty)} | {Cell(part.Rows[i].Measure)} | {Cell(part.Rows[i].Value)} |");
            }
        }

        var notes = Parts.Where(p => p.Note.Length > 0 && !(p.Status != PartStatus.Ok && p.Rows.Count == 0)).ToList();
        if (notes.Count > 0)
        {
            text.AppendLine();
            foreach (var part in notes)
            {
                text.AppendLine($"- {part.Title}{(part.Status == PartStatus.Ok ? string.Empty : $" ({StatusText(part.Status)})")}: {part.Note}");
            }
        }

        text.AppendLine();
        text.AppendLine(string.Join(" · ", Parts.Select(p => Invariant($"{p.Name} {p.Seconds:0} s"))));
        return text.ToString();
    }

    /// <summary>The report as indented JSON (the same figures with full precision).</summary>
    public string ToJson()
    {
        var parts = new JsonArray();
        foreach (var part in Parts)
        {
            parts.Add(new JsonObject
            {
                ["name"] = part.Name,
                ["title"] = part.Title,
                ["status"] = part.Status.ToString(),
                ["note"] = part.Note,
                ["seconds"] = Math.Round(part.Seconds, 1),
                ["rows"] = new JsonArray([.. part.Rows.Select(r => (JsonNode)new JsonObject { ["measure"] = r.Measure, ["value"] = r.Value })]),
                ["data"] = part.Data.DeepClone(),
            });
        }

        var root = new JsonObject
        {
            ["started"] = Started.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["totalSeconds"] = Math.Round(TotalSeconds, 1),
            ["command"] = Command,
            ["machine"] = new JsonObject
            {
                ["cpu"] = Machine.Cpu,
                ["cores"] = Machine.Cores,
                ["ramGiB"] = Machine.RamGiB,
                ["os"] = Machine.Os,
                ["dotnet"] = Machine.DotNet,
                ["kernel"] = Machine.Kernel,
            },
            ["loadAverageStart"] = LoadAtStart,
            ["loadAverageEnd"] = LoadAtEnd,
            ["parts"] = parts,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private static string StatusText(PartStatus status) => status switch
    {
        PartStatus.Skipped => "skipped",
        PartStatus.Failed => "failed",
        PartStatus.TimedOut => "timed out",
        _ => "ok",
    };

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
