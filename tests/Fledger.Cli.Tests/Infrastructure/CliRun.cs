namespace Fledger.Cli.Tests.Infrastructure;

/// <summary>Runs the CLI in-process with captured stdout/stderr.</summary>
internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static async Task<CliRun> InvokeAsync(string[] args, IReadOnlyDictionary<string, string>? environment = null, string? home = null, TimeSpan? timeout = null, TextReader? input = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var console = CliConsole.Captured(output, error, home ?? Path.Combine(Path.GetTempPath(), "fledger-cli-tests-home"), environment, input);
        var code = await CliApp.RunAsync(args, console).WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
