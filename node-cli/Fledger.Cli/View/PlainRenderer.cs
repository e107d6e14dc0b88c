namespace Fledger.Cli.View;

/// <summary>The plain view: one line per event on stdout (when output is redirected, or with <c>--plain</c>).</summary>
internal static class PlainRenderer
{
    /// <summary>Prints the view's event lines until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static async Task RunAsync(TextWriter output, NodeView view, CancellationToken cancellationToken)
    {
        foreach (var line in view.Banner)
        {
            await output.WriteLineAsync(Spectre.Console.Markup.Remove(line));
        }

        await output.FlushAsync(CancellationToken.None);
        try
        {
            await foreach (var line in view.Lines.ReadAllAsync(cancellationToken))
            {
                await output.WriteLineAsync(line);
                await output.FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: stop printing.
        }
    }
}
