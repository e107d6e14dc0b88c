using Fledger.Cli.Hosting;

namespace Fledger.Cli.View;

/// <summary>Chooses the view: live on a terminal, plain lines when redirected or with <c>--plain</c>, nothing with <c>-q</c>.</summary>
internal static class ViewRunner
{
    /// <summary>Shows <paramref name="view"/> until <paramref name="cancellationToken"/> is cancelled (Ctrl-C).</summary>
    public static async Task RunAsync(CliConsole console, Verbosity verbosity, bool plain, NodeView view, CancellationToken cancellationToken)
    {
        if (verbosity == Verbosity.Quiet)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return;
        }

        if (plain || !console.IsInteractive)
        {
            await PlainRenderer.RunAsync(console.Out, view, cancellationToken);
            return;
        }

        await LiveRenderer.RunAsync(ConsoleFactory.Create(console), view, cancellationToken);
    }
}
