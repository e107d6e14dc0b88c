using Spectre.Console;

namespace Fledger.Cli.View;

/// <summary>Creates Spectre consoles over the CLI's writers: rich on a terminal, plain and wide when redirected.</summary>
internal static class ConsoleFactory
{
    /// <summary>Width used when the output is not a terminal (so ids and tables do not wrap).</summary>
    public const int RedirectedWidth = 200;

    public static IAnsiConsole Create(CliConsole console)
    {
        var rich = console.IsInteractive;
        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Out),
            Ansi = rich ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = rich ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = rich ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!rich)
        {
            ansi.Profile.Width = RedirectedWidth;
        }

        return ansi;
    }
}
