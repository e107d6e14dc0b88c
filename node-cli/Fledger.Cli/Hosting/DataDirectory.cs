namespace Fledger.Cli.Hosting;

/// <summary>Where a node keeps its identity and configuration: <c>--data-dir</c>, else <c>$FLEDGER_HOME</c>, else <c>~/.fledger</c>.</summary>
internal static class DataDirectory
{
    /// <summary>The environment variable that overrides the default data directory.</summary>
    public const string EnvironmentVariable = "FLEDGER_HOME";

    /// <summary>Resolves the data directory to a full path (not created).</summary>
    public static string Resolve(string? explicitDirectory, CliConsole console)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory))
        {
            return Path.GetFullPath(explicitDirectory);
        }

        var fromEnvironment = console.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Path.GetFullPath(fromEnvironment);
        }

        return Path.Combine(console.HomeDirectory, ".fledger");
    }
}
