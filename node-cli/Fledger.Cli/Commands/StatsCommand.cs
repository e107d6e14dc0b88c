using System.CommandLine;
using Fledger.Cli.Hosting;
using Fledger.Cli.View;
using Spectre.Console;

namespace Fledger.Cli.Commands;

/// <summary><c>fledger stats</c>: joins briefly with a throw-away node and prints what it sees.</summary>
internal static class StatsCommand
{
    public static Command Create(CliGlobals globals)
    {
        var signal = globals.CreateSignalOption(CliGlobals.DemoSignalUrl);
        var wait = new Option<int>("--wait")
        {
            Description = "Seconds to stay connected and collect connections before printing (1..120).",
            DefaultValueFactory = _ => 5,
            HelpName = "SECONDS",
        };
        wait.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > 120)
            {
                result.AddError("--wait must be between 1 and 120 seconds");
            }
        });
        var timeout = CommonOptions.CreateTimeout();
        var loopback = CommonOptions.CreateLoopback();
        var command = new Command("stats", "Join for a few seconds with a short-lived node and print its connection table.")
        {
            signal, wait, loopback, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var run = CommandRun.Start(globals, parse);
            var view = new NodeView(TimeProvider.System);
            var node = await LocalNode.CreateEphemeralAsync("fledger-stats", cancellationToken);
            await using (var host = await NodeHost.StartAsync(node, parse.GetValue(signal)!, view, TimeSpan.FromSeconds(parse.GetValue(timeout)), new WebRtcSettings([], parse.GetValue(loopback)), run.Loggers, cancellationToken))
            {
                await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(wait)), cancellationToken);
                ConsoleFactory.Create(globals.Console).Write(LiveRenderer.Build(view));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
