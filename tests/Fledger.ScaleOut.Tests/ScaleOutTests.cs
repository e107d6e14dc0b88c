using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.ScaleOut.Tests.Infrastructure;
using Fledger.SignalServer;
using Fledger.SignalServer.Connections;
using Fledger.SignalServer.Hosting;
using Fledger.SignalServer.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Fledger.ScaleOut.Tests;

[Collection(RedisCollection.Name)]
public sealed class ScaleOutTests(RedisServer redis) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..8];
    private ServerHost? _one;
    private ServerHost? _two;

    private ServerHost One => _one!;

    private ServerHost Two => _two!;

    public async Task InitializeAsync()
    {
        _one = await StartInstanceAsync();
        _two = await StartInstanceAsync();
    }

    public async Task DisposeAsync()
    {
        if (_one is not null)
        {
            await _one.DisposeAsync();
        }

        if (_two is not null)
        {
            await _two.DisposeAsync();
        }
    }

    [Fact]
    public async Task Relay_NodesOnTwoInstances_ListAndDeliverOfferAnswerCandidates()
    {
        await using var a = await TestClients.ConnectAnnouncedAsync(One.HubUri);
        await using var b = await TestClients.ConnectAnnouncedAsync(Two.HubUri);

        Assert.True(await a.ListNodesAsync(100));
        Assert.Contains((await a.Outputs.NextAsync<SignalOut.NodeList>()).Nodes, n => n.Id == b.Id);
        Assert.True(await b.ListNodesAsync(100));
        var listed = await b.Outputs.NextAsync<SignalOut.NodeList>();
        Assert.Equal(a.Id, Assert.Single(listed.Nodes).Id);

        await a.RelayAsync(b.Id, new PeerSetup.Offer("v=0 offer"));
        await a.RelayAsync(b.Id, new PeerSetup.Candidate("candidate:1 1 udp 1 10.0.0.1 1 typ host", "0", 0));
        await b.RelayAsync(a.Id, new PeerSetup.Answer("v=0 answer"));
        await b.RelayAsync(a.Id, new PeerSetup.Candidate("candidate:2 1 udp 1 10.0.0.2 2 typ host", "0", 0));

        Assert.Equal(new SignalOut.PeerSetupReceived(a.Id, new PeerSetup.Offer("v=0 offer")), await b.Outputs.NextAsync<SignalOut.PeerSetupReceived>());
        Assert.Equal(new SignalOut.PeerSetupReceived(a.Id, new PeerSetup.Candidate("candidate:1 1 udp 1 10.0.0.1 1 typ host", "0", 0)), await b.Outputs.NextAsync<SignalOut.PeerSetupReceived>());
        Assert.Equal(new SignalOut.PeerSetupReceived(b.Id, new PeerSetup.Answer("v=0 answer")), await a.Outputs.NextAsync<SignalOut.PeerSetupReceived>());
        Assert.IsType<PeerSetup.Candidate>((await a.Outputs.NextAsync<SignalOut.PeerSetupReceived>()).Setup);
    }

    [Fact]
    public async Task InstanceStopped_NodeReconnectsToOtherInstance_ListedAndReachableAgain()
    {
        var identity = NodeIdentity.Generate();
        var a = await TestClients.ConnectAnnouncedAsync(One.HubUri, identity);
        await using var b = await TestClients.ConnectAnnouncedAsync(Two.HubUri);

        await One.StopAsync();
        await a.Outputs.NextAsync<SignalOut.Disconnected>();
        await a.DisposeAsync();
        await using var again = await TestClients.ConnectAnnouncedAsync(Two.HubUri, identity);

        Assert.True(await b.ListNodesAsync(100));
        Assert.Equal(identity.Id, Assert.Single((await b.Outputs.NextAsync<SignalOut.NodeList>()).Nodes).Id);
        await b.RelayAsync(identity.Id, new PeerSetup.Offer("v=0 after failover"));
        Assert.Equal(b.Id, (await again.Outputs.NextAsync<SignalOut.PeerSetupReceived>()).From);
        Assert.Equal(2, await Two.Get<INodeRegistry>().CountAsync());
    }

    [Fact]
    public async Task StaleEntry_NotRefreshed_ExpiresAndIsRemovedFromSampleSet()
    {
        await using var b = await TestClients.ConnectAnnouncedAsync(Two.HubUri);

        // An entry written by a crashed instance with a 1 s NodeTtl: its connection exists nowhere, so no heartbeat refreshes it.
        var crashedOptions = Options.Create(new SignalServerOptions { Redis = redis.ConnectionString, RedisPrefix = _prefix, NodeTtl = TimeSpan.FromSeconds(1) });
        await using var crashedConnection = new RedisConnection(crashedOptions);
        var crashed = new RedisNodeRegistry(crashedConnection, new ConnectionTracker(), crashedOptions, TimeProvider.System, NullLogger<RedisNodeRegistry>.Instance);
        var ghost = NodeIdentity.Generate();
        var info = ghost.CreateNodeInfo("ghost", ClientKind.Test, []);
        await using var observer = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var expired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var ghostKey = $"{_prefix}:node:{ghost.Id}";
        var subscriber = observer.GetSubscriber();
        var channel = RedisChannel.Literal("__keyevent@0__:expired");
        var queue = await subscriber.SubscribeAsync(channel);
        queue.OnMessage(m =>
        {
            if (m.Message == ghostKey)
            {
                expired.TrySetResult();
            }
        });
        try
        {
            await crashed.RegisterAsync(new NodeRegistration(info, "gone-connection", DateTimeOffset.UtcNow));
            Assert.Equal(2, await Two.Get<INodeRegistry>().CountAsync());

            await expired.Task.WaitAsync(Timeout);
            await Two.Get<RegistryMaintenance>().RunOnceAsync(CancellationToken.None).WaitAsync(Timeout);

            Assert.Equal(1, await Two.Get<INodeRegistry>().CountAsync());
            Assert.Null(await One.Get<INodeRegistry>().FindAsync(ghost.Id));
            await b.ListNodesAsync(100);
            Assert.Empty((await b.Outputs.NextAsync<SignalOut.NodeList>()).Nodes);
            Assert.NotNull(await Two.Get<INodeRegistry>().FindAsync(b.Id));
        }
        finally
        {
            await queue.UnsubscribeAsync();
        }
    }

    [Fact]
    public async Task RedisDownThenRestarted_RelayFailsTypedThenWorksWithoutRestartingInstances()
    {
        await using var a = await TestClients.ConnectAnnouncedAsync(One.HubUri);
        await using var b = await TestClients.ConnectAnnouncedAsync(Two.HubUri);
        var restored = await ReconnectedAsync(One, Two);

        await redis.StopAsync();
        try
        {
            await a.RelayAsync(b.Id, new PeerSetup.Offer("v=0 while down"));
            var error = await a.Outputs.NextAsync<SignalOut.Error>();
            Assert.Equal(SignalErrorCode.Unavailable, error.Code);
        }
        finally
        {
            await redis.StartAsync();
        }

        // Both instances reconnect by themselves; their next heartbeat re-registers their nodes in the empty Redis.
        await restored.WaitAsync(Timeout);
        await One.Get<RegistryMaintenance>().RunOnceAsync(CancellationToken.None).WaitAsync(Timeout);
        await Two.Get<RegistryMaintenance>().RunOnceAsync(CancellationToken.None).WaitAsync(Timeout);

        // Pub/sub re-subscription follows the reconnect asynchronously: retry only while the server says Unavailable
        // or the relay is not delivered yet, bounded by a deadline (not a count of 500 ms attempts: on a loaded
        // machine the re-subscription alone can take several seconds).
        var deadline = DateTime.UtcNow + (2 * Timeout);
        while (true)
        {
            await a.RelayAsync(b.Id, new PeerSetup.Offer("v=0 after restart"));
            var delivered = b.Outputs.NextAsync<SignalOut.PeerSetupReceived>(TimeSpan.FromMilliseconds(500));
            var failed = a.Outputs.NextAsync<SignalOut.Error>(TimeSpan.FromMilliseconds(500));
            var first = await Task.WhenAny(delivered, failed);
            if (first == delivered && delivered.IsCompletedSuccessfully)
            {
                Assert.Equal(new SignalOut.PeerSetupReceived(a.Id, new PeerSetup.Offer("v=0 after restart")), await delivered);
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "Relay did not recover after Redis restarted.");
            if (failed.IsCompletedSuccessfully)
            {
                Assert.Equal(SignalErrorCode.Unavailable, (await failed).Code);
            }

            await Task.WhenAll(delivered.ContinueWith(_ => { }), failed.ContinueWith(_ => { }));
        }
    }

    private static async Task<Task> ReconnectedAsync(params ServerHost[] hosts)
    {
        var tasks = new List<Task>();
        foreach (var host in hosts)
        {
            var multiplexer = await host.Get<RedisConnection>().GetMultiplexerAsync();
            var restored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            multiplexer.ConnectionRestored += (_, e) =>
            {
                if (e.ConnectionType == ConnectionType.Subscription)
                {
                    restored.TrySetResult();
                }
            };
            tasks.Add(restored.Task);
        }

        return Task.WhenAll(tasks);
    }

    private Task<ServerHost> StartInstanceAsync() => ServerHost.StartAsync(new Dictionary<string, string>
    {
        ["Redis"] = redis.ConnectionString,
        ["RedisPrefix"] = _prefix,
        // Server timeouts stay at their defaults: the client pings every 15 s, so a short ClientTimeout would drop it.
        ["PresenceFanout"] = "0",
    });
}
