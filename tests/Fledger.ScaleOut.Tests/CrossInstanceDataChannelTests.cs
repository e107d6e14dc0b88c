using Fledger.Core.Identity;
using Fledger.Net.Native;
using Fledger.Net.Network;
using Fledger.Net.Signaling;
using Fledger.ScaleOut.Tests.Infrastructure;
using Fledger.WebRtc.PeerConnection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.ScaleOut.Tests;

/// <summary>
/// Two native nodes on two server instances sharing Redis: the offer, answer and candidates cross instances through
/// the backplane, then the managed WebRTC stack opens a real data channel on 127.0.0.1 that carries a message.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class CrossInstanceDataChannelTests(RedisServer redis) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly string _prefix = "d" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<IAsyncDisposable> _disposables = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _disposables.Count - 1; i >= 0; i--)
        {
            await _disposables[i].DisposeAsync();
        }
    }

    [Fact]
    public async Task NativeNodes_OnTwoInstances_ConnectOverWebRtcAndExchangeAMessage()
    {
        var one = await StartInstanceAsync();
        var two = await StartInstanceAsync();
        var a = await StartNodeAsync(one.HubUri, "a");
        var b = await StartNodeAsync(two.HubUri, "b");
        var received = new TaskCompletionSource<NetworkOut.MessageReceived>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = b.Stack.Network.SubscribeOutputs(output =>
        {
            if (output is NetworkOut.MessageReceived message)
            {
                received.TrySetResult(message);
            }
        });

        a.Stack.Network.EnqueueInput(new NetworkIn.SendMessage(b.Id, new NodeMessage("test", "across instances"u8.ToArray())));
        var message = await received.Task.WaitAsync(Timeout);

        Assert.Equal(a.Id, message.From);
        Assert.Equal("across instances"u8.ToArray(), message.Message.Payload.ToArray());
    }

    private async Task<ServerHost> StartInstanceAsync()
    {
        var host = await ServerHost.StartAsync(new Dictionary<string, string>
        {
            ["Redis"] = redis.ConnectionString,
            ["RedisPrefix"] = _prefix,
            ["PresenceFanout"] = "0",
        });
        _disposables.Add(host);
        return host;
    }

    private async Task<(NodeId Id, NetworkStack Stack)> StartNodeAsync(Uri hub, string name)
    {
        var identity = NodeIdentity.Generate();
        var client = new SignalingClient(identity, identity.CreateNodeInfo(name, ClientKind.Test, []), new SignalingClientOptions { ServerUri = hub }, NullLogger<SignalingClient>.Instance);
        var signaling = new SignalingBroker(client);
        var stack = NetworkStack.Create(identity.Id, signaling.Broker, new NativeWebRtcPeerFactory(new RtcConfiguration { LoopbackOnly = true }, NullLoggerFactory.Instance));
        _disposables.Add(signaling);
        _disposables.Add(stack);
        var announced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = signaling.Broker.SubscribeOutputs(output =>
        {
            if (output is SignalOut.Announced)
            {
                announced.TrySetResult();
            }
        });
        await signaling.Broker.EmitInputAsync(new SignalIn.Connect());
        await announced.Task.WaitAsync(Timeout);
        return (identity.Id, stack);
    }
}
