using System.CommandLine;
using Fledger.Cli.Hosting;
using Fledger.Cli.Json;
using Fledger.Cli.View;

namespace Fledger.Cli.Commands;

/// <summary><c>fledger node</c>: runs a node until Ctrl-C.</summary>
internal static class NodeCommand
{
    /// <summary>Most nodes one <c>fledger node</c> process runs (<c>--nodes</c>).</summary>
    public const int MaxNodes = 32;

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
        var jsonEvents = new Option<bool>("--json-events")
        {
            Description = "For scripts: print events as JSON lines (ready, peers, chat, posted) and read commands from stdin "
                + "('post TEXT', 'post:K TEXT', 'quit'); stops when stdin closes.",
        };
        var nodes = new Option<int>("--nodes")
        {
            Description = $"Run N nodes in this process (1..{MaxNodes}); node K keeps its identity in DIR/node-K when N > 1.",
            DefaultValueFactory = _ => 1,
            HelpName = "N",
        };
        nodes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MaxNodes)
            {
                result.AddError($"--nodes must be between 1 and {MaxNodes}");
            }
        });
        var command = new Command("node", "Run a node until Ctrl-C: join the signal server and show peers, stats and chat.")
        {
            signal, name, dataDir, stun, turn, loopback, plain, timeout, nodes, jsonEvents,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var run = CommandRun.Start(globals, parse);
            var directory = DataDirectory.Resolve(parse.GetValue(dataDir), globals.Console);
            var count = parse.GetValue(nodes);
            var view = new NodeView(TimeProvider.System);
            var iceServers = Parse(parse.GetValue(stun), StunSchemes).Concat(Parse(parse.GetValue(turn), TurnSchemes)).ToList();
            var webRtc = new WebRtcSettings(iceServers, parse.GetValue(loopback));
            var hosts = new List<NodeHost>(count);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    var nodeName = count == 1 || parse.GetValue(name) is not { } given ? parse.GetValue(name)
                        : LocalNode.IsValidName($"{given}-{i}") ? $"{given}-{i}" : given;
                    var node = await LocalNode.LoadOrCreateAsync(count == 1 ? directory : Path.Combine(directory, $"node-{i}"), nodeName, cancellationToken);
                    hosts.Add(await NodeHost.StartAsync(node, parse.GetValue(signal)!, view, TimeSpan.FromSeconds(parse.GetValue(timeout)), webRtc, run.Loggers, cancellationToken));
                }

                if (parse.GetValue(jsonEvents))
                {
                    await JsonEventRunner.RunAsync(globals.Console, hosts, TimeProvider.System, cancellationToken);
                    return ExitCodes.Ok;
                }

                await ViewRunner.RunAsync(globals.Console, run.Verbosity, parse.GetValue(plain), view, cancellationToken);
            }
            finally
            {
                foreach (var host in hosts)
                {
                    await host.DisposeAsync();
                }
            }

            if (run.Verbosity != Verbosity.Quiet)
            {
                foreach (var host in hosts)
                {
                    await globals.Console.Out.WriteLineAsync($"Node {host.Local.Info.Name} ({host.Local.Identity.Id.ToShortString()}) stopped.");
                }
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
