using Fledger.Cli.Signaling;
using Fledger.Cli.View;
using Fledger.Net.Signaling;
using Microsoft.Extensions.Logging;

namespace Fledger.Cli.Hosting;

/// <summary>
/// Runs one node for the CLI: its signaling session (announce, reconnect with backoff, node list refreshed every
/// <see cref="ListInterval"/>) and feeds what happens into a <see cref="NodeView"/>.
/// </summary>
internal sealed class NodeHost : IAsyncDisposable
{
    /// <summary>How often the node asks the server for the known nodes.</summary>
    public static readonly TimeSpan ListInterval = TimeSpan.FromSeconds(10);

    private const int MaxListed = 200;

    private readonly SignalSession _session;
    private readonly NodeView _view;
    private readonly int _index;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _events;
    private readonly Task _refresh;

    private NodeHost(SignalSession session, NodeView view, int index)
    {
        _session = session;
        _view = view;
        _index = index;
        _events = PumpEventsAsync(_stop.Token);
        _refresh = RefreshAsync(_stop.Token);
    }

    /// <summary>The node.</summary>
    public LocalNode Node => _session.Node;

    /// <summary>The signaling session.</summary>
    public SignalSession Session => _session;

    /// <summary>Connects <paramref name="node"/> to <paramref name="server"/> and starts feeding <paramref name="view"/>.</summary>
    /// <exception cref="CliException">The server is unreachable or refused the node (exit code 3).</exception>
    public static async Task<NodeHost> StartAsync(LocalNode node, Uri server, NodeView view, TimeSpan timeout, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var index = view.AddNode(node.Identity.Id, node.Info.Name);
        var session = await SignalSession.ConnectAsync(node, server, timeout, loggers, cancellationToken);
        return new NodeHost(session, view, index);
    }

    /// <summary>Stops the node: leaves the signal server and stops the background loops.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _session.DisposeAsync();
        await Task.WhenAll(_events, _refresh).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task PumpEventsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var message in _session.Events.ReadAllAsync(cancellationToken))
            {
                Apply(message);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    private void Apply(SignalOut message)
    {
        switch (message)
        {
            case SignalOut.Connected:
                _view.SetSignaling(_index, nameof(SignalingState.Connected), log: false);
                break;
            case SignalOut.Announced:
                _view.SetSignaling(_index, nameof(SignalingState.Announced), log: false);
                _view.Log(_index, $"announced as {_session.Node.Identity.Id} at {_session.Server}");
                _ = _session.Client.ListNodesAsync(MaxListed, _stop.Token);
                break;
            case SignalOut.Disconnected d:
                _view.SetSignaling(_index, d.WillReconnect ? "Reconnecting" : nameof(SignalingState.Disconnected));
                break;
            case SignalOut.NodeList list:
                _view.SetKnownNodes(_index, list.Nodes);
                break;
            case SignalOut.NodeJoined joined:
                _view.AddKnownNode(_index, joined.Node);
                break;
            case SignalOut.NodeLeft left:
                _view.RemoveKnownNode(_index, left.Id);
                break;
            case SignalOut.Error error:
                _view.Log(_index, $"signal server error {error.Code}: {error.Detail}");
                break;
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(ListInterval);
        try
        {
            await _session.Client.ListNodesAsync(MaxListed, cancellationToken);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await _session.Client.ListNodesAsync(MaxListed, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }
}
