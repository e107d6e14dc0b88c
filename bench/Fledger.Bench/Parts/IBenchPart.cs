using Fledger.Bench.Report;

namespace Fledger.Bench.Parts;

/// <summary>One part of the run: runs its benchmark (bounded in time) and returns rows for the table.</summary>
internal interface IBenchPart
{
    /// <summary>Short name used by <c>--only</c>.</summary>
    string Name { get; }

    /// <summary>Heading in the report.</summary>
    string Title { get; }

    Task<PartResult> RunAsync(BenchContext context, CancellationToken cancellationToken);
}
