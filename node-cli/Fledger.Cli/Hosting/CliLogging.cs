using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting.Display;
using Serilog.Sinks.SystemConsole.Themes;

namespace Fledger.Cli.Hosting;

/// <summary>
/// Serilog logging of the CLI, on stderr so stdout keeps the command's output: coloured when stderr is a terminal,
/// plain structured lines (<c>time level source: message {properties}</c>) when redirected.
/// </summary>
internal static class CliLogging
{
    // Verbose: full exceptions. Otherwise one line per event: the exception's type and message, never a stack trace.
    private const string VerboseTemplate = "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj} {Properties:j}{NewLine}{Exception}";
    private const string Template = "{Timestamp:HH:mm:ss.fff} {Level:u3} {SourceContext}: {Message:lj}{ExceptionSummary}{NewLine}";

    /// <summary>Creates the Serilog logger for <paramref name="verbosity"/>.</summary>
    public static Serilog.ILogger CreateSerilog(CliConsole console, Verbosity verbosity)
    {
        var level = verbosity switch
        {
            Verbosity.Quiet => LogEventLevel.Error,
            Verbosity.Verbose => LogEventLevel.Debug,
            _ => LogEventLevel.Warning,
        };
        var frameworkLevel = verbosity == Verbosity.Verbose ? LogEventLevel.Information : LogEventLevel.Warning;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", (LogEventLevel)Math.Max((int)level, (int)frameworkLevel))
            .MinimumLevel.Override("System", (LogEventLevel)Math.Max((int)level, (int)frameworkLevel))
            .Enrich.FromLogContext()
            .Enrich.With(new ExceptionSummaryEnricher());
        if (verbosity != Verbosity.Verbose)
        {
            // Failed connection attempts show in the peer table; the random-connections module retries them.
            configuration = configuration.MinimumLevel.Override("Fledger.Net.WebRtc", LogEventLevel.Error);

            // Signaling drops and retries show in the view's signaling state; a list request racing the announce is harmless.
            configuration = configuration.MinimumLevel.Override("Fledger.Net.Signaling", LogEventLevel.Error);

            // A failed start of the in-process signal server (port in use) is reported as one clear error line.
            configuration = configuration.MinimumLevel.Override("Microsoft.Extensions.Hosting", LogEventLevel.Fatal);
        }

        var template = verbosity == Verbosity.Verbose ? VerboseTemplate : Template;
        configuration = ReferenceEquals(console.Error, Console.Error) && !Console.IsErrorRedirected
            ? configuration.WriteTo.Console(outputTemplate: template, theme: AnsiConsoleTheme.Code, standardErrorFromLevel: LogEventLevel.Verbose)
            : configuration.WriteTo.Sink(new TextWriterSink(console.Error, new MessageTemplateTextFormatter(template)));
        return configuration.CreateLogger();
    }

    /// <summary>Creates an <see cref="ILoggerFactory"/> over <paramref name="logger"/> (disposing it disposes the logger).</summary>
    public static ILoggerFactory CreateFactory(Serilog.ILogger logger) => new SerilogLoggerFactory(logger, dispose: true);
}
