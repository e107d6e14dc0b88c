using Spectre.Console;
using Spectre.Console.Rendering;

namespace Fledger.Cli.View;

/// <summary>The live terminal view (Spectre.Console Live display), redrawn in place when the <see cref="NodeView"/> changes.</summary>
internal static class LiveRenderer
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    /// <summary>Shows the view until <paramref name="cancellationToken"/> is cancelled.</summary>
    public static Task RunAsync(IAnsiConsole console, NodeView view, CancellationToken cancellationToken)
        => console.Live(Build(view))
            .AutoClear(false)
            .Overflow(VerticalOverflow.Ellipsis)
            .StartAsync(async context =>
            {
                using var timer = new PeriodicTimer(Refresh);
                var shown = view.Version;
                try
                {
                    while (await timer.WaitForNextTickAsync(cancellationToken))
                    {
                        while (view.Lines.TryRead(out _))
                        {
                            // The live view shows state, not the event lines.
                        }

                        var version = view.Version;
                        if (version != shown)
                        {
                            shown = version;
                            context.UpdateTarget(Build(view));
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                    context.UpdateTarget(Build(view));
                }
            });

    /// <summary>Renders the current state (also used for a one-shot table, e.g. <c>fledger stats</c>).</summary>
    public static IRenderable Build(NodeView view)
    {
        var nodes = view.Snapshots();
        var parts = new List<IRenderable>();
        parts.AddRange(view.Banner.Select(line => new Markup(line)));
        if (nodes.Count == 1)
        {
            var node = nodes[0];
            parts.Add(new Markup($"[bold]{Markup.Escape(node.Name)}[/] [grey]{node.Id}[/]  signaling: {StateMarkup(node.Signaling)}"));
        }
        else if (nodes.Count > 1)
        {
            var table = new Table().Title("Nodes").AddColumns("Name", "Id", "Signaling", "Known", "Peers");
            foreach (var node in nodes)
            {
                table.AddRow(Markup.Escape(node.Name), node.Id.ToShortString(), StateMarkup(node.Signaling), node.KnownNodes.Count.ToString(), node.Peers.Count.ToString());
            }

            parts.Add(table);
        }

        parts.Add(BuildPeers(nodes, view.PeerNotice));
        if (nodes.Count == 1)
        {
            parts.Add(BuildKnown(nodes[0]));
        }

        parts.Add(BuildChat(nodes.FirstOrDefault()));
        return new Rows(parts);
    }

    private static Table BuildPeers(IReadOnlyList<NodeSnapshot> nodes, string? notice)
    {
        var many = nodes.Count > 1;
        var table = new Table().Title("Peers");
        if (many)
        {
            table.AddColumn("Node");
        }

        table.AddColumns("Peer", "Id", "State", "Type", "RTT", "In", "Out");
        foreach (var node in nodes)
        {
            foreach (var peer in node.Peers)
            {
                var cells = new List<string>();
                if (many)
                {
                    cells.Add(Markup.Escape(node.Name));
                }

                cells.AddRange([
                    Markup.Escape(peer.Name), peer.Id, StateMarkup(peer.State), Markup.Escape(peer.ConnectionType),
                    peer.RoundTripTime is { } rtt ? $"{rtt.TotalMilliseconds:0.0} ms" : "-", Bytes(peer.BytesIn), Bytes(peer.BytesOut)]);
                table.AddRow(cells.ToArray());
            }
        }

        if (table.Rows.Count == 0)
        {
            table.Caption(notice is null ? "no peer connections yet" : Markup.Escape(notice));
        }

        return table;
    }

    private static Table BuildKnown(NodeSnapshot node)
    {
        var table = new Table().Title("Known nodes").AddColumns("Name", "Id", "Kind");
        foreach (var info in node.KnownNodes.Take(20))
        {
            table.AddRow(Markup.Escape(info.Name), info.Id.ToShortString(), info.Kind.ToString());
        }

        if (node.KnownNodes.Count > 20)
        {
            table.Caption($"and {node.KnownNodes.Count - 20} more");
        }
        else if (node.KnownNodes.Count == 0)
        {
            table.Caption("no other nodes announced");
        }

        return table;
    }

    private static Panel BuildChat(NodeSnapshot? node)
    {
        var lines = node?.Chat.TakeLast(10).Select(c => $"[grey]{c.Time.ToLocalTime():HH:mm:ss}[/] [bold]{Markup.Escape(c.Author)}[/]: {Markup.Escape(c.Text)}").ToList() ?? [];
        return new Panel(new Markup(lines.Count == 0 ? "[grey]no messages yet[/]" : string.Join('\n', lines))).Header("Chat").Expand();
    }

    private static string StateMarkup(string state) => state switch
    {
        "Announced" or "Connected" => $"[green]{state}[/]",
        "Failed" or "Closed" or "Disconnected" => $"[red]{state}[/]",
        _ => $"[yellow]{Markup.Escape(state)}[/]",
    };

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        _ => $"{bytes / (1024.0 * 1024):0.0} MiB",
    };
}
