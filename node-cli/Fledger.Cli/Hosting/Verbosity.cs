namespace Fledger.Cli.Hosting;

/// <summary>How much the CLI writes: <c>-q</c> (errors only), default, <c>-v</c> (debug logs).</summary>
internal enum Verbosity
{
    /// <summary>Only results and errors.</summary>
    Quiet,

    /// <summary>Results, progress and warnings.</summary>
    Normal,

    /// <summary>Everything, including debug logs of the SDK.</summary>
    Verbose,
}
