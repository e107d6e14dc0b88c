using System.CommandLine;
using Fledger.Cli.Hosting;
using Fledger.Cli.View;

namespace Fledger.Cli.Commands;

/// <summary><c>fledger demo</c>: a signal server and N nodes in this process, on 127.0.0.1.</summary>
internal static class DemoCommand
{
    /// <summary>Most nodes a demo runs.</summary>
    public const int MaxNodes = 32;

    public static Command Create(CliGlobals globals)
    {
        var nodes = new Option<int>("--nodes", "-N")
        {
            Description = $"Number of nodes (1..{MaxNodes}).",
            DefaultValueFactory = _ => 3,
            HelpName = "N",
        };
        nodes.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > MaxNodes)
            {
                result.AddError($"--nodes must be between 1 and {MaxNodes}");
            }
        });
        var port = new Option<int>("--port", "-p")
        {
            Description = "Port of the signal server on 127.0.0.1 (0 = any free port).",
            DefaultValueFactory = _ => 8765,
            HelpName = "PORT",
        };
        port.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 0 or > 65535)
            {
                result.AddError("--port must be between 0 and 65535");
            }
        });
        var dataDir = new Option<string>("--data-dir", "-d")
        {
            Description = "Keep the nodes' identities in subfolders of DIR (default: a temporary folder, deleted on exit).",
            HelpName = "DIR",
        };
        var plain = CommonOptions.CreatePlain();
        var loopback = CommonOptions.CreateLoopback();
        var command = new Command("demo", "Start a local signal server and a few nodes on this machine, and show them live.")
        {
            nodes, port, dataDir, loopback, plain,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var run = CommandRun.Start(globals, parse);
            var given = parse.GetValue(dataDir);
            var root = given is null ? Path.Combine(Path.GetTempPath(), $"fledger-demo-{Guid.NewGuid():N}") : Path.GetFullPath(given);
            try
            {
                await RunAsync(globals.Console, run, parse.GetValue(nodes), parse.GetValue(port), root, parse.GetValue(plain), new WebRtcSettings([], parse.GetValue(loopback)), cancellationToken);
            }
            finally
            {
                if (given is null)
                {
                    TryDelete(root);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task RunAsync(CliConsole console, CommandRun run, int count, int port, string root, bool plain, WebRtcSettings webRtc, CancellationToken cancellationToken)
    {
        await using var server = await InProcessSignalServer.StartAsync(port, run.Serilog, cancellationToken);
        var view = new NodeView(TimeProvider.System)
        {
            Banner =
            [
                $"Signal server: [link]{server.HubUri}[/]",
                $"Open [bold][link]{server.BaseUri}[/][/] in a browser to join with the web node; run 'fledger node --signal {server.HubUri}' to add a node.",
                "Press Ctrl-C to stop.",
            ],
        };
        var hosts = new List<NodeHost>();
        try
        {
            for (var i = 1; i <= count; i++)
            {
                var node = await LocalNode.LoadOrCreateAsync(Path.Combine(root, $"node-{i}"), $"demo-{i}", cancellationToken);
                hosts.Add(await NodeHost.StartAsync(node, server.HubUri, view, TimeSpan.FromSeconds(10), webRtc, run.Loggers, cancellationToken));
            }

            view.Log(-1, $"demo ready: {count} node(s) at {server.HubUri}");
            await ViewRunner.RunAsync(console, run.Verbosity, plain, view, cancellationToken);
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temporary folder; leaving it behind is harmless.
        }
    }
}
