using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Fledger.Cli;

/// <summary>Prints the version of <c>fledger</c> itself (not of the host process, as the default action would in tests).</summary>
internal sealed class PrintVersionAction : SynchronousCommandLineAction
{
    /// <summary>The informational version without the source revision, e.g. <c>0.1.0</c>.</summary>
    public static string Version { get; } =
        typeof(PrintVersionAction).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(PrintVersionAction).Assembly.GetName().Version?.ToString(3)
        ?? "0.0.0";

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine($"fledger {Version}");
        return ExitCodes.Ok;
    }
}
