using System.Text.Json.Nodes;

namespace Fledger.Bench.Report;

/// <summary>The outcome of one part: status, a note, the table rows and the same figures as JSON.</summary>
internal sealed record PartResult(string Name, string Title, PartStatus Status, string Note, double Seconds, IReadOnlyList<BenchRow> Rows, JsonObject Data)
{
    public static PartResult Ok(string name, string title, double seconds, IReadOnlyList<BenchRow> rows, JsonObject data, string note = "")
        => new(name, title, PartStatus.Ok, note, seconds, rows, data);

    public static PartResult NotOk(string name, string title, PartStatus status, string note, double seconds = 0)
        => new(name, title, status, note, seconds, [], []);
}
