using System.Text.Json;

namespace Fledger.Bench.Parsing;

/// <summary>Reads a BenchmarkDotNet JSON report (<c>--exporters json</c>: <c>results/*-report-full-compressed.json</c>).</summary>
internal static class BenchmarkDotNetReport
{
    /// <summary>The cases of <paramref name="json"/>; an empty list (and <paramref name="error"/>) when it is not a report.</summary>
    public static IReadOnlyList<BrokerCase> Parse(string json, out string error)
    {
        error = string.Empty;
        var cases = new List<BrokerCase>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("Benchmarks", out var benchmarks) || benchmarks.ValueKind != JsonValueKind.Array)
            {
                error = "no Benchmarks array";
                return cases;
            }

            foreach (var benchmark in benchmarks.EnumerateArray().Where(b => b.ValueKind == JsonValueKind.Object))
            {
                var title = Text(benchmark, "MethodTitle") ?? Text(benchmark, "Method") ?? "?";
                if (!benchmark.TryGetProperty("Statistics", out var statistics) || statistics.ValueKind != JsonValueKind.Object
                    || !statistics.TryGetProperty("Mean", out var mean) || mean.ValueKind != JsonValueKind.Number)
                {
                    continue;
                }

                double? allocated = benchmark.TryGetProperty("Memory", out var memory) && memory.ValueKind == JsonValueKind.Object
                    && memory.TryGetProperty("BytesAllocatedPerOperation", out var bytes) && bytes.ValueKind == JsonValueKind.Number
                    ? bytes.GetDouble()
                    : null;
                cases.Add(new BrokerCase(title.Trim('\''), mean.GetDouble(), allocated, JobOf(Text(benchmark, "DisplayInfo"))));
            }
        }
        catch (JsonException ex)
        {
            error = $"not JSON: {ex.Message}";
        }

        return cases;
    }

    /// <summary>The job name in a DisplayInfo such as <c>BrokerBenchmarks.'x': ShortRun(IterationCount=3)</c>; empty when absent.</summary>
    internal static string JobOf(string? displayInfo)
    {
        var at = displayInfo?.LastIndexOf("': ", StringComparison.Ordinal) ?? -1;
        at = at >= 0 ? at + 3 : displayInfo?.LastIndexOf(": ", StringComparison.Ordinal) + 2 ?? -1;
        if (displayInfo is null || at < 2 || at >= displayInfo.Length)
        {
            return string.Empty;
        }

        var job = displayInfo[at..];
        var paren = job.IndexOf('(', StringComparison.Ordinal);
        return (paren >= 0 ? job[..paren] : job).Trim();
    }

    private static string? Text(JsonElement element, string name)
        => element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
