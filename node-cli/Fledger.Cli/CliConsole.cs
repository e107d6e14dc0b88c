namespace Fledger.Cli;

/// <summary>
/// What the commands write to and read from: stdout/stderr writers, whether stdout is a terminal, the
/// environment and the user's home. <see cref="System"/> is the real process; tests pass captured writers.
/// </summary>
/// <param name="Out">Command output (tables, JSON, the live view, plain event lines).</param>
/// <param name="Error">Errors and log lines.</param>
/// <param name="IsInteractive">True when <paramref name="Out"/> is a terminal (live view, colours, prompts).</param>
/// <param name="GetEnvironmentVariable">Environment lookup (FLEDGER_HOME).</param>
/// <param name="HomeDirectory">The user's home directory (default data dir is <c>~/.fledger</c>).</param>
/// <param name="In">Standard input (interactive chat).</param>
internal sealed record CliConsole(
    TextWriter Out,
    TextWriter Error,
    bool IsInteractive,
    Func<string, string?> GetEnvironmentVariable,
    string HomeDirectory,
    TextReader In)
{
    /// <summary>The process console.</summary>
    public static CliConsole System => new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected,
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
        Console.In);

    /// <summary>True when stderr is not a terminal (log lines without colours).</summary>
    public bool IsErrorRedirected => !IsInteractive || Console.IsErrorRedirected;

    /// <summary>A console with captured writers (tests).</summary>
    public static CliConsole Captured(TextWriter output, TextWriter error, string homeDirectory, IReadOnlyDictionary<string, string>? environment = null, TextReader? input = null)
        => new(
            output,
            error,
            false,
            name => environment is not null && environment.TryGetValue(name, out var value) ? value : null,
            homeDirectory,
            input ?? TextReader.Null);
}
