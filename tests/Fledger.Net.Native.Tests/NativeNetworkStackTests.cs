using Fledger.Core.Identity;
using Fledger.Net.Native;
using Fledger.Net.Network;
using Fledger.Net.Signaling;
using Fledger.Net.Testing;
using Fledger.Net.WebRtc;
using Fledger.WebRtc.PeerConnection;

namespace Fledger.Net.Native.Tests;

/// <summary>Two network stacks over the managed WebRTC stack on 127.0.0.1, signaling in memory.</summary>
public sealed class NativeNetworkStackTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly RtcConfiguration Loopback = new() { LoopbackOnly = true };

    private readonly InMemorySignalRelay _relay = new();
    private readonly List<IAsyncDisposable> _disposables = [];

    [Fact]
    public async Task SendMessage_OverTheManagedStack_ConnectsAndDeliversSmallAndChunkedMessages()
    {
        var (a, idA) = await NodeAsync("a", 1);
        var (b, idB) = await NodeAsync("b", 2);
        var received = new List<NetworkOut.MessageReceived>();
        var gotAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = b.Network.SubscribeOutputs(output =>
        {
            if (output is NetworkOut.MessageReceived message)
            {
                lock (received)
                {
                    received.Add(message);
                    if (received.Count == 3)
                    {
                        gotAll.TrySetResult();
                    }
                }
            }
        });
        var big = new byte[1024 * 1024];
        new Random(7).NextBytes(big);

        a.Network.EnqueueInput(new NetworkIn.SendMessage(idB, new NodeMessage("small", new byte[] { 1, 2, 3 })));
        a.Network.EnqueueInput(new NetworkIn.SendMessage(idB, new NodeMessage("big", big)));
        a.Network.EnqueueInput(new NetworkIn.SendMessage(idB, new NodeMessage("after", new byte[] { 4 })));
        await gotAll.Task.WaitAsync(Timeout);

        Assert.Equal(["small", "big", "after"], received.Select(m => m.Message.Module));
        Assert.Equal(big, received[1].Message.Payload.ToArray());
        Assert.All(received, m => Assert.Equal(idA, m.From));
    }

    [Fact]
    public async Task RequestStats_OpenConnection_ReportsTheManagedStackState()
    {
        var (a, _) = await NodeAsync("a", 3);
        var (_, idB) = await NodeAsync("b", 4);
        var stats = new TaskCompletionSource<NetworkOut.Stats>(TaskCreationOptions.RunContinuationsAsynchronously);
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = a.Network.SubscribeOutputs(output =>
        {
            switch (output)
            {
                case NetworkOut.Connected:
                    connected.TrySetResult();
                    break;
                case NetworkOut.Stats s:
                    stats.TrySetResult(s);
                    break;
            }
        });

        a.Network.EnqueueInput(new NetworkIn.Connect(idB));
        await connected.Task.WaitAsync(Timeout);
        a.Network.EnqueueInput(new NetworkIn.RequestStats());

        var connection = (await stats.Task.WaitAsync(Timeout)).Connections[idB];
        Assert.Equal(PeerConnectionState.Connected, connection.Connection);
        Assert.Equal(DtlsState.Connected, connection.Dtls);
        Assert.Equal(SctpState.Connected, connection.Sctp);
        Assert.Equal(CandidateType.Host, connection.LocalCandidate);
    }

    private async Task<(NetworkStack Stack, NodeId Id)> NodeAsync(string name, int seed)
    {
        var identity = NodeIdentity.Generate(new Random(seed));
        var signal = _relay.CreateClient(identity.CreateNodeInfo(name, ClientKind.Test));
        var stack = NetworkStack.Create(identity.Id, signal, new NativeWebRtcPeerFactory(Loopback));
        _disposables.Add(signal);
        _disposables.Add(stack);
        await signal.EmitInputAsync(new SignalIn.Connect()).AsTask().WaitAsync(Timeout);
        return (stack, identity.Id);
    }

    /// <summary>Nothing to set up asynchronously.</summary>
    public Task InitializeAsync() => Task.CompletedTask;

    /// <summary>Disposes what the test created (xunit 2 calls <see cref="IAsyncLifetime.DisposeAsync"/>, never <see cref="IAsyncDisposable"/>).</summary>
    public async Task DisposeAsync()
    {
        for (var i = _disposables.Count - 1; i >= 0; i--)
        {
            await _disposables[i].DisposeAsync();
        }
    }
}
