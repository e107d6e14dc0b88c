using System.CommandLine;
using Fledger.Cli.Hosting;
using Fledger.Cli.View;

namespace Fledger.Cli.Commands;

/// <summary><c>fledger chat</c>: posts a gossip chat message (or chats interactively) and shows the feed.</summary>
internal static class ChatCommand
{
    /// <summary>Sub-folder of the data directory for the chat identity (so it never replaces a running <c>fledger node</c>).</summary>
    public const string ChatFolder = "chat";

    public static Command Create(CliGlobals globals)
    {
        var signal = globals.CreateSignalOption();
        var text = new Argument<string?>("TEXT")
        {
            Description = "The message; without it, read messages from the terminal, one per line, until Ctrl-D.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var dataDir = CommonOptions.CreateDataDir();
        var name = CommonOptions.CreateName();
        var wait = new Option<int>("--wait")
        {
            Description = "Seconds to stay online after posting, so peers can fetch the message (1..120).",
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
        var command = new Command("chat", "Post a chat message to the network (or chat interactively) and show the feed.")
        {
            signal, dataDir, name, wait, loopback, timeout, text,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            await using var run = CommandRun.Start(globals, parse);
            var directory = Path.Combine(DataDirectory.Resolve(parse.GetValue(dataDir), globals.Console), ChatFolder);
            var local = await LocalNode.LoadOrCreateAsync(directory, parse.GetValue(name), cancellationToken);
            var view = new NodeView(TimeProvider.System);
            await using var host = await NodeHost.StartAsync(local, parse.GetValue(signal)!, view, TimeSpan.FromSeconds(parse.GetValue(timeout)), new WebRtcSettings([], parse.GetValue(loopback)), run.Loggers, cancellationToken);
            var message = parse.GetValue(text);
            return message is null
                ? await InteractiveAsync(globals.Console, host, view, cancellationToken)
                : await PostOnceAsync(globals.Console, run.Verbosity, host, view, message, TimeSpan.FromSeconds(parse.GetValue(wait)), cancellationToken);
        });
        return command;
    }

    private static async Task<int> PostOnceAsync(CliConsole console, Verbosity verbosity, NodeHost host, NodeView view, string message, TimeSpan wait, CancellationToken cancellationToken)
    {
        // Post once a peer is connected (or the wait is over), so the gossip announce goes out at once.
        var reached = await FirstPeerAsync(host, wait, cancellationToken);
        await PostAsync(host, message, cancellationToken);
        reached |= await WaitForPeerAsync(host, wait, cancellationToken);
        if (verbosity != Verbosity.Quiet)
        {
            foreach (var line in view.Snapshots()[0].Chat)
            {
                await console.Out.WriteLineAsync($"{line.Time.ToLocalTime():HH:mm:ss} <{line.Author}> {line.Text}");
            }
        }

        if (!reached)
        {
            throw new CliException(ExitCodes.Failure, $"the message is stored but no peer was connected within {wait.TotalSeconds:0} s; it spreads when this node next meets peers");
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> InteractiveAsync(CliConsole console, NodeHost host, NodeView view, CancellationToken cancellationToken)
    {
        await console.Out.WriteLineAsync($"Chatting as {host.Local.Info.Name}. Type a message and press Enter; Ctrl-D to quit.");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var feed = PrintChatAsync(console.Out, view, stop.Token);
        try
        {
            while (await console.In.ReadLineAsync(cancellationToken) is { } line)
            {
                if (!string.IsNullOrWhiteSpace(line))
                {
                    await PostAsync(host, line.Trim(), cancellationToken);
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await feed;
        }

        return ExitCodes.Ok;
    }

    private static async Task PostAsync(NodeHost host, string message, CancellationToken cancellationToken)
    {
        bool posted;
        try
        {
            posted = await host.PostChatAsync(message, cancellationToken);
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ExitCodes.Usage, ex.Message.Split(" (Parameter")[0], ex);
        }

        if (!posted)
        {
            throw new CliException(ExitCodes.Failure, "the gossip module refused the message (too many recent messages?)");
        }
    }

    /// <summary>Waits until the node has a peer connection, at most <paramref name="wait"/>; true when it has one.</summary>
    private static async Task<bool> FirstPeerAsync(NodeHost host, TimeSpan wait, CancellationToken cancellationToken)
    {
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(object? sender, Fledger.Node.NodeChangedEventArgs e)
        {
            if (host.Node.Connections.Count > 0)
            {
                connected.TrySetResult();
            }
        }

        host.Node.Changed += OnChanged;
        try
        {
            OnChanged(null, new Fledger.Node.NodeChangedEventArgs(Fledger.Node.NodeChange.Connections));
            await connected.Task.WaitAsync(wait, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            host.Node.Changed -= OnChanged;
        }
    }

    /// <summary>Stays online for <paramref name="wait"/> (peers pull the message meanwhile); true when any peer was connected.</summary>
    private static async Task<bool> WaitForPeerAsync(NodeHost host, TimeSpan wait, CancellationToken cancellationToken)
    {
        var sawPeer = host.Node.Connections.Count > 0;
        void OnChanged(object? sender, Fledger.Node.NodeChangedEventArgs e) => sawPeer |= host.Node.Connections.Count > 0;

        host.Node.Changed += OnChanged;
        try
        {
            await Task.Delay(wait, cancellationToken);
            return Volatile.Read(ref sawPeer);
        }
        finally
        {
            host.Node.Changed -= OnChanged;
        }
    }

    private static async Task PrintChatAsync(TextWriter output, NodeView view, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var line in view.Lines.ReadAllAsync(cancellationToken))
            {
                var at = line.IndexOf(": chat ", StringComparison.Ordinal);
                if (at >= 0)
                {
                    await output.WriteLineAsync(line[..9] + line[(at + 7)..]);
                    await output.FlushAsync(CancellationToken.None);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Done.
        }
    }
}
