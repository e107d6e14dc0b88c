namespace Fledger.Cli;

/// <summary>Process exit codes of <c>fledger</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success (also after a graceful Ctrl-C shutdown of a running node).</summary>
    public const int Ok = 0;

    /// <summary>The command ran and failed (e.g. a chat message was refused, a demo did not form).</summary>
    public const int Failure = 1;

    /// <summary>Bad usage: unknown command or option, invalid value (malformed URL, out-of-range number).</summary>
    public const int Usage = 2;

    /// <summary>The signaling server could not be reached, refused the connection or did not answer in time.</summary>
    public const int Unreachable = 3;

    /// <summary>Interrupted by Ctrl-C before a one-shot command finished.</summary>
    public const int Interrupted = 130;
}
