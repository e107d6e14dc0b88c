using System.Collections.Concurrent;
using System.Diagnostics;
using Fledger.Core.Identity;
using Fledger.Faults.Tests.Infrastructure;
using Xunit.Abstractions;
using Fledger.Modules.Ping;

namespace Fledger.Faults.Tests;

/// <summary>Nodes die abruptly or freeze while native nodes run (real server, managed WebRTC on 127.0.0.1).</summary>
public sealed class NodeFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly Mesh _mesh = new();
    private SignalServerHost? _server;

    [Fact]
    public async Task Kill_ThirtyPercentOfTwentyNodes_RestIsOneOverlayWithinThirtySeconds()
    {
        _server = await SignalServerHost.StartAsync();
        await _mesh.AddNativeAsync(_server.HubUri, 20, seed: 200);
        await _mesh.WaitUntilAsync(
            () => _mesh.Nodes.All(n => n.Node.Connections.Count >= 2) && _mesh.IsOneOverlay(),
            TimeSpan.FromSeconds(120),
            "20 nodes with degree >= 2 in one overlay");

        // Kill the six best-connected nodes: the hardest 30 % for the rest.
        var victims = _mesh.Nodes.OrderByDescending(n => n.Node.Connections.Count).Take(6).ToList();
        await Task.WhenAll(victims.Select(v => v.DisposeAsync().AsTask())).WaitAsync(TimeSpan.FromSeconds(30));
        var dead = victims.Select(v => v.Id).ToHashSet();

        var took = await _mesh.WaitUntilAsync(
            () => _mesh.IsOneOverlay() && _mesh.Alive.All(n => n.Node.Connections.Count >= 1 && !n.Node.Connections.Any(dead.Contains)),
            TimeSpan.FromSeconds(30),
            "the 14 survivors form one overlay without the dead");

        Assert.Equal(14, _mesh.Alive.Count);
        output.WriteLine($"survivors one overlay {took.TotalMilliseconds:0} ms after the kill; {_mesh.Describe()}");
        Assert.True(took < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Freeze_PeerSilentWithoutClosing_DetectedByPingWithinFifteenSecondsAndReplaced()
    {
        _server = await SignalServerHost.StartAsync();
        await _mesh.AddNativeAsync(_server.HubUri, 6, seed: 300);
        await _mesh.WaitUntilAsync(
            () => _mesh.Nodes.All(n => n.Node.Connections.Count >= 2) && _mesh.IsOneOverlay(),
            TimeSpan.FromSeconds(60),
            "6 nodes with degree >= 2 in one overlay");
        var victim = _mesh.Nodes.OrderByDescending(n => n.Node.Connections.Count).First();
        var neighbours = _mesh.Nodes.Where(n => n != victim && n.Node.Connections.Contains(victim.Id)).ToList();
        Assert.NotEmpty(neighbours);
        var failedAt = new ConcurrentDictionary<NodeId, TimeSpan>();
        var watch = Stopwatch.StartNew();
        var subscriptions = neighbours.Select(n => n.Node.Ping!.SubscribeOutputs(output =>
        {
            if (output is PingOut.PeerFailed failed && failed.Peer == victim.Id)
            {
                failedAt.TryAdd(n.Id, watch.Elapsed);
            }
        })).ToList();

        // The victim's modules stop; its WebRTC connections and signaling stay up and silent.
        await victim.FreezeAsync();
        watch.Restart();

        try
        {
            await _mesh.WaitUntilAsync(
                () => neighbours.All(n => failedAt.ContainsKey(n.Id)),
                TimeSpan.FromSeconds(15),
                "every neighbour's ping declared the frozen peer failed");
            Assert.All(failedAt.Values, t => Assert.True(t < TimeSpan.FromSeconds(15)));
            var replaced = await _mesh.WaitUntilAsync(
                () => _mesh.IsOneOverlay() && neighbours.All(n => n.Node.Connections.Count(p => p != victim.Id) >= 1),
                TimeSpan.FromSeconds(30),
                "the neighbours replaced the frozen peer");
            output.WriteLine($"{neighbours.Count} neighbours; ping failure after {string.Join(", ", failedAt.Values.Select(t => $"{t.TotalMilliseconds:0} ms"))}; replaced by {replaced.TotalMilliseconds:0} ms");
        }
        finally
        {
            subscriptions.ForEach(s => s.Dispose());
        }
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
