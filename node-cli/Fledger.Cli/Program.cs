namespace Fledger.Cli;

/// <summary>Entry point of the <c>fledger</c> command.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => CliApp.RunAsync(args, CliConsole.System);
}
