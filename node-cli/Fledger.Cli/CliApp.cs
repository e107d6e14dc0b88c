using System.CommandLine;
using Fledger.Cli.Commands;

namespace Fledger.Cli;

/// <summary>
/// Builds the <c>fledger</c> command tree and runs it: user errors (bad usage, unreachable server) become one line on
/// stderr and an exit code from <see cref="ExitCodes"/>, never a stack trace.
/// </summary>
internal static class CliApp
{
    /// <summary>Builds the root command for <paramref name="console"/>.</summary>
    public static Command BuildRootCommand(CliConsole console)
    {
        var globals = new CliGlobals(console);
        var root = new Command("fledger", "Fledger: a decentralized node over WebRTC. Run 'fledger demo' to try it locally.")
        {
            globals.Verbose,
            globals.Quiet,
            new System.CommandLine.Help.HelpOption { Recursive = true },
            new VersionOption { Action = new PrintVersionAction() },
        };
        root.Subcommands.Add(NodeCommand.Create(globals));
        root.Subcommands.Add(DemoCommand.Create(globals));
        root.Subcommands.Add(ListCommand.Create(globals));
        root.Subcommands.Add(ChatCommand.Create(globals));
        root.Subcommands.Add(StatsCommand.Create(globals));
        foreach (var command in root.Subcommands)
        {
            command.Options.Add(new VersionOption { Action = new PrintVersionAction() });
        }

        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the chosen command; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = BuildRootCommand(console);
        var parse = root.Parse(args);
        if ((parse.Errors.Count > 0 && parse.Action is not { ClearsParseErrors: true }) || (parse.CommandResult.Command == root && parse.Action is null))
        {
            return ReportUsage(parse, console);
        }

        var configuration = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = ReferenceEquals(console.Out, Console.Out) ? TimeSpan.FromSeconds(15) : null,
        };
        try
        {
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (CliException ex)
        {
            await console.Error.WriteLineAsync($"fledger: error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("fledger: interrupted");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex)
        {
            await console.Error.WriteLineAsync($"fledger: internal error: {ex.GetType().Name}: {ex.Message}");
            if (args.Contains("-v") || args.Contains("--verbose"))
            {
                await console.Error.WriteLineAsync(ex.ToString());
            }

            return ExitCodes.Failure;
        }
    }

    private static int ReportUsage(ParseResult parse, CliConsole console)
    {
        if (parse.Errors.Count == 0)
        {
            console.Error.WriteLine("fledger: error: no command given.");
        }

        foreach (var error in parse.Errors)
        {
            console.Error.WriteLine($"fledger: error: {error.Message}");
        }

        var path = string.Join(' ', parse.CommandResult.Command.Name == parse.RootCommandResult.Command.Name
            ? ["fledger"]
            : new[] { "fledger", parse.CommandResult.Command.Name });
        console.Error.WriteLine($"Run '{path} --help' for usage.");
        return ExitCodes.Usage;
    }
}
