using System.CommandLine;
using Fledger.Cli.Hosting;
using Microsoft.Extensions.Logging;

namespace Fledger.Cli.Commands;

/// <summary>The per-invocation context of a command: verbosity and logging, disposed (flushed) at the end.</summary>
internal sealed class CommandRun : IAsyncDisposable
{
    private CommandRun(CliConsole console, Verbosity verbosity, Serilog.ILogger serilog)
    {
        Console = console;
        Verbosity = verbosity;
        Serilog = serilog;
        Loggers = CliLogging.CreateFactory(serilog);
    }

    public CliConsole Console { get; }

    public Verbosity Verbosity { get; }

    /// <summary>The Serilog logger (for hosting the in-process signal server).</summary>
    public Serilog.ILogger Serilog { get; }

    public ILoggerFactory Loggers { get; }

    public static CommandRun Start(CliGlobals globals, ParseResult parse)
    {
        var verbosity = globals.GetVerbosity(parse);
        return new CommandRun(globals.Console, verbosity, CliLogging.CreateSerilog(globals.Console, verbosity));
    }

    public ValueTask DisposeAsync()
    {
        Loggers.Dispose();
        return ValueTask.CompletedTask;
    }
}
