using Fledger.Faults.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fledger.Faults.Tests;

/// <summary>The signal server dies and comes back while native nodes run (real server, managed WebRTC on 127.0.0.1).</summary>
public sealed class SignalServerFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int NodeCount = 10;
    private readonly Mesh _mesh = new();
    private SignalServerHost? _server;

    [Fact]
    public async Task SignalServer_KilledAndRestarted_GossipKeepsFlowingAndEveryNodeIsAnnouncedAgain()
    {
        _server = await SignalServerHost.StartAsync();
        var port = _server.Port;
        await _mesh.AddNativeAsync(_server.HubUri, NodeCount, seed: 100);
        var formed = await _mesh.WaitUntilAsync(
            () => _mesh.Nodes.All(n => n.Announcements >= 1 && n.Node.Connections.Count >= 1) && _mesh.IsOneOverlay(),
            TimeSpan.FromSeconds(90),
            "10 nodes announced and one overlay");
        Assert.True(await Mesh.SecuredConnectionsAsync(_mesh.Nodes[0]) >= 1, "node 0 has no DTLS + SCTP connection");

        await _server.DisposeAsync();
        _server = null;
        var id = await Mesh.PostAsync(_mesh.Nodes[3], "after the server died");
        var spread = await _mesh.WaitUntilAsync(() => _mesh.AllHave(id), TimeSpan.FromSeconds(20), "chat posted after the kill reaches every node");

        var before = _mesh.Nodes.Select(n => n.Announcements).ToArray();
        _server = await SignalServerHost.StartAsync(port: port);
        var took = await _mesh.WaitUntilAsync(
            () => _mesh.Nodes.Select((n, i) => n.Announcements > before[i]).All(x => x),
            TimeSpan.FromSeconds(10),
            "every node announced again after the restart");

        Assert.True(took < TimeSpan.FromSeconds(10));
        output.WriteLine($"overlay {formed.TotalMilliseconds:0} ms; chat without server {spread.TotalMilliseconds:0} ms; all re-announced {took.TotalMilliseconds:0} ms");
        var later = await Mesh.PostAsync(_mesh.Nodes[7], "after the restart");
        await _mesh.WaitUntilAsync(() => _mesh.AllHave(later), TimeSpan.FromSeconds(20), "chat after the restart reaches every node");
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xunit 2 calls IAsyncLifetime.DisposeAsync on a test class; it ignores IAsyncDisposable.
    public async Task DisposeAsync()
    {
        await _mesh.DisposeAsync();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
