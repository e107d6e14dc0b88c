using System.CommandLine;
using System.CommandLine.Parsing;
using Fledger.Cli.Hosting;
using Fledger.Cli.Signaling;

namespace Fledger.Cli;

/// <summary>The options shared by all commands and the helpers that read them.</summary>
internal sealed class CliGlobals
{
    /// <summary>The environment variable with a default signal URL.</summary>
    public const string SignalEnvironmentVariable = "FLEDGER_SIGNAL";

    /// <summary>The URL of a local demo (<c>fledger demo</c>'s default).</summary>
    public const string DemoSignalUrl = "http://127.0.0.1:8765/signal";

    public CliGlobals(CliConsole console)
    {
        Console = console;
    }

    public CliConsole Console { get; }

    /// <summary><c>-v/--verbose</c>, on every command.</summary>
    public Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show debug logs (on stderr).",
        Recursive = true,
    };

    /// <summary><c>-q/--quiet</c>, on every command.</summary>
    public Option<bool> Quiet { get; } = new("--quiet", "-q")
    {
        Description = "Print only results and errors.",
        Recursive = true,
    };

    /// <summary>Creates a <c>--signal</c> option; <paramref name="defaultUrl"/> (or <c>$FLEDGER_SIGNAL</c>) makes it optional.</summary>
    public Option<Uri> CreateSignalOption(string? defaultUrl = null)
    {
        var fromEnvironment = Console.GetEnvironmentVariable(SignalEnvironmentVariable);
        var fallback = string.IsNullOrWhiteSpace(fromEnvironment) ? defaultUrl : fromEnvironment;
        Uri? Parse(ArgumentResult result)
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : fallback;
            if (SignalUrl.TryParse(text, out var uri, out var error))
            {
                return uri;
            }

            result.AddError($"--signal: {error}");
            return null;
        }

        var option = new Option<Uri>("--signal", "-s")
        {
            Description = $"Signal server URL, e.g. {DemoSignalUrl} (default: ${SignalEnvironmentVariable}{(defaultUrl is null ? string.Empty : $" or {defaultUrl}")}).",
            HelpName = "URL",
            CustomParser = Parse,
        };
        if (fallback is not null)
        {
            option.DefaultValueFactory = result => Parse(result)!;
        }
        else
        {
            option.Required = true;
        }

        return option;
    }

    /// <summary>The verbosity chosen on the command line (<c>-q</c> wins over <c>-v</c>).</summary>
    public Verbosity GetVerbosity(ParseResult parse)
        => parse.GetValue(Quiet) ? Verbosity.Quiet : parse.GetValue(Verbose) ? Verbosity.Verbose : Verbosity.Normal;
}
