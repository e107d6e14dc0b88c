using System.CommandLine;
using Fledger.Cli.Hosting;
using Fledger.Cli.View;

namespace Fledger.Cli.Commands;

/// <summary><c>fledger node</c>: runs a node until Ctrl-C.</summary>
internal static class NodeCommand
{
    private static readonly string[] StunSchemes = ["stun", "stuns"];
    private static readonly string[] TurnSchemes = ["turn", "turns"];

    public static Command Create(CliGlobals globals)
    {
        var signal = globals.CreateSignalOption();
        var name = CommonOptions.CreateName();
        var dataDir = CommonOptions.CreateDataDir();
        var stun = CreateIceOption("--stun", "STUN server for WebRTC, e.g. stun:stun.example.org:3478 (repeatable).", StunSchemes);
        var turn = CreateIceOption("--turn", "TURN server for WebRTC, e.g. turn:user:password@turn.example.org:3478 (repeatable).", TurnSchemes);
        var plain = CommonOptions.CreatePlain();
        var timeout = CommonOptions.CreateTimeout();
        var loopback = CommonOptions.CreateLoopback();
        var command = new Command("node", "Run a node until Ctrl-C: join the signal server and show peers, stats and chat.")
        {
            signal, name, dataDir, stun, turn, loopback, plain, timeout,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var run = CommandRun.Start(globals, parse);
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir), globals.Console);
            var node = await LocalNode.LoadOrCreateAsync(directory, parse.GetValue(name), cancellationToken);
            var view = new NodeView(TimeProvider.System);
            var iceServers = Parse(parse.GetValue(stun), StunSchemes).Concat(Parse(parse.GetValue(turn), TurnSchemes)).ToList();
            var webRtc = new WebRtcSettings(iceServers, parse.GetValue(loopback));
            await using (var host = await NodeHost.StartAsync(node, parse.GetValue(signal)!, view, TimeSpan.FromSeconds(parse.GetValue(timeout)), webRtc, run.Loggers, cancellationToken))
            {
                await ViewRunner.RunAsync(globals.Console, run.Verbosity, parse.GetValue(plain), view, cancellationToken);
            }

            if (run.Verbosity != Verbosity.Quiet)
            {
                await globals.Console.Out.WriteLineAsync($"Node {node.Info.Name} ({node.Identity.Id.ToShortString()}) stopped.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Option<string[]> CreateIceOption(string name, string description, string[] schemes)
    {
        var option = new Option<string[]>(name)
        {
            Description = description,
            HelpName = "URL",
            AllowMultipleArgumentsPerToken = false,
        };
        option.Validators.Add(result =>
        {
            foreach (var url in result.GetValueOrDefault<string[]>() ?? [])
            {
                if (!IceServerUrl.TryParse(url, schemes, out _, out var error))
                {
                    result.AddError($"{name}: {error}");
                }
            }
        });
        return option;
    }

    private static IEnumerable<IceServerUrl> Parse(string[]? urls, string[] schemes)
    {
        foreach (var url in urls ?? [])
        {
            if (IceServerUrl.TryParse(url, schemes, out var parsed, out _))
            {
                yield return parsed!;
            }
        }
    }
}
