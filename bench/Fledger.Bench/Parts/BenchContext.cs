namespace Fledger.Bench.Parts;

/// <summary>What every part gets: the options, a scratch folder, where progress goes, and where the built programs are.</summary>
internal sealed class BenchContext(BenchOptions options, string scratch, TextWriter progress)
{
    public BenchOptions Options { get; } = options;

    /// <summary>A temporary folder for this run (deleted at the end).</summary>
    public string Scratch { get; } = scratch;

    /// <summary>Progress lines (stderr).</summary>
    public TextWriter Progress { get; } = progress;

    /// <summary>The Release build of <c>bench/PROJECT</c> (or another folder): <c>ROOT/FOLDER/PROJECT/bin/Release/net10.0/ASSEMBLY.dll</c>.</summary>
    public string Dll(string folder, string project, string? assembly = null)
        => Path.Combine(Options.Root, folder, project, "bin", "Release", "net10.0", $"{assembly ?? project}.dll");

    /// <summary>Null when every file exists; else a note naming the first missing one.</summary>
    public static string? Missing(params string[] files)
        => files.FirstOrDefault(f => !File.Exists(f)) is { } missing ? $"not built: {missing} (scripts/bench.sh builds it)" : null;
}
