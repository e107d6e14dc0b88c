namespace Fledger.Bench.Report;

/// <summary>How a benchmark part ended.</summary>
internal enum PartStatus
{
    /// <summary>Ran and produced figures.</summary>
    Ok,

    /// <summary>Not run here (e.g. no Chromium, or not inside a network namespace); the note says why.</summary>
    Skipped,

    /// <summary>Ran but failed (non-zero exit, unparsable output); the note says how.</summary>
    Failed,

    /// <summary>Killed at its time limit.</summary>
    TimedOut,
}
