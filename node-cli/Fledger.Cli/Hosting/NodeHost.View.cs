using Fledger.Cli.View;
using Fledger.Core.Identity;
using Fledger.Net.WebRtc;
using Fledger.Node;

namespace Fledger.Cli.Hosting;

/// <summary>Copies the node's state into the <see cref="NodeView"/> when it changes.</summary>
internal sealed partial class NodeHost
{
    private void OnNodeChanged(object? sender, NodeChangedEventArgs e)
    {
        var node = _node;
        if (node is null)
        {
            return;
        }

        lock (_gate)
        {
            if ((e.Change & NodeChange.KnownNodes) != 0)
            {
                _view.SetKnownNodes(_index, node.KnownNodes);
            }

            if ((e.Change & (NodeChange.Connections | NodeChange.Stats)) != 0)
            {
                _view.SetPeers(_index, BuildPeers(node));
            }

            if ((e.Change & NodeChange.Events) != 0)
            {
                foreach (var chat in node.ChatEvents)
                {
                    if (_shownChat.Add(chat.Id))
                    {
                        var author = chat.Author == node.Id ? node.Info.Name : _view.NameOf(_index, chat.Author);
                        _view.AddChat(_index, new ChatLine(chat.Created, author, chat.Text));
                    }
                }
            }
        }
    }

    private IEnumerable<KeyValuePair<NodeId, PeerRow>> BuildPeers(FledgerNode node)
    {
        var stats = node.Stats;
        var pings = node.Pings;
        var open = node.Connections.ToHashSet();
        foreach (var peer in open.Union(stats.Keys))
        {
            stats.TryGetValue(peer, out var stat);
            pings.TryGetValue(peer, out var ping);
            var connection = stat?.Connection;
            var type = connection is null || (connection.LocalCandidate == CandidateType.Unknown && connection.RemoteCandidate == CandidateType.Unknown)
                ? "-"
                : $"{connection.LocalCandidate.ToString().ToLowerInvariant()}/{connection.RemoteCandidate.ToString().ToLowerInvariant()}";
            yield return new(peer, new PeerRow(
                peer.ToShortString(),
                _view.NameOf(_index, peer),
                open.Contains(peer) ? "Connected" : connection?.Connection.ToString() ?? "New",
                type,
                stat?.RoundTripTime ?? ping?.LastRtt,
                connection?.BytesReceived ?? 0,
                connection?.BytesSent ?? 0));
        }
    }
}
