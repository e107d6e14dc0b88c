using Fledger.Broker;
using Fledger.Core.Storage;
using Fledger.Modules.Gossip;
using Fledger.Net.Network;
using Fledger.Node;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Modules.Tests.Node;

public sealed class FledgerNodeTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task CreateAsync_SameStoreTwice_KeepsIdAndName()
    {
        var store = new InMemoryKeyValueStore();
        await using var network = new Broker<NetworkIn, NetworkOut>(options: BrokerOptions.Manual);
        await using var first = await FledgerNode.CreateAsync(new NodeOptions { Name = "alice" }, store, network, _time);

        await using var second = await FledgerNode.CreateAsync(new NodeOptions(), store, network, _time);

        Assert.Equal(first.Id, second.Id);
        Assert.Equal("alice", second.Info.Name);
    }

    [Fact]
    public async Task PostChatAsync_Started_SendsAnnounceToConnectedPeerAndShowsEvent()
    {
        await using var network = new Broker<NetworkIn, NetworkOut>(options: BrokerOptions.Manual);
        var sent = new List<NetworkIn>();
        network.SubscribeInputs(sent.Add);
        await using var node = await FledgerNode.CreateAsync(new NodeOptions(), new InMemoryKeyValueStore(), network, _time, brokerOptions: BrokerOptions.Manual);
        await node.StartAsync();
        var changes = NodeChange.None;
        node.Changed += (_, e) => changes |= e.Change;
        var peer = Fledger.Core.Identity.NodeIdentity.Generate(new Random(1)).Id;
        await network.EmitOutputAsync(new NetworkOut.Connected(peer));

        var posted = await node.PostChatAsync("hello");

        Assert.NotNull(posted);
        Assert.Equal([peer], node.Connections);
        Assert.Equal("hello", Assert.Single(node.ChatEvents).Text);
        Assert.Contains(sent, m => m is NetworkIn.SendMessage { Message.Module: "gossip" } s && s.To == peer);
        Assert.Equal(NodeChange.Connections | NodeChange.Events | NodeChange.Stats | NodeChange.Gossip, changes);
    }

    [Fact]
    public async Task SecondTick_WithAllModules_RequestsNodeListAndStats()
    {
        await using var network = new Broker<NetworkIn, NetworkOut>(options: BrokerOptions.Manual);
        var sent = new List<NetworkIn>();
        network.SubscribeInputs(sent.Add);
        await using var node = await FledgerNode.CreateAsync(new NodeOptions(), new InMemoryKeyValueStore(), network, _time, brokerOptions: BrokerOptions.Manual);

        _time.Advance(TimeSpan.FromSeconds(1));
        await node.SettleAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(sent, m => m is NetworkIn.RequestNodeList);
        Assert.Contains(sent, m => m is NetworkIn.RequestStats);
    }

    [Fact]
    public async Task PostChatAsync_TooLong_Throws()
    {
        await using var network = new Broker<NetworkIn, NetworkOut>(options: BrokerOptions.Manual);
        await using var node = await FledgerNode.CreateAsync(new NodeOptions(), new InMemoryKeyValueStore(), network, _time);

        await Assert.ThrowsAsync<ArgumentException>(() => node.PostChatAsync(new string('x', 5000)));
    }

    [Fact]
    public void Validate_BadValues_ListsEveryProblem()
    {
        var options = new NodeOptions
        {
            Name = new string('n', 100),
            MaxKnownNodes = 0,
            Ping = new() { Interval = TimeSpan.FromSeconds(10), FailAfter = TimeSpan.FromSeconds(5) },
            Gossip = new GossipOptions { MaxChatBytes = 0 },
        };

        Assert.Equal(4, options.Validate().Count);
        Assert.Empty(new NodeOptions().Validate());
    }

    [Fact]
    public async Task AddFledgerNode_CalledTwiceWithNetwork_ResolvesOneStartedNode()
    {
        var network = new Broker<NetworkIn, NetworkOut>();
        var services = new ServiceCollection();
        services.AddFledgerNode(o => o.Name = "di").UseNetwork(_ => network);
        services.AddFledgerNode();
        services.AddSingleton<TimeProvider>(_time);
        await using var provider = services.BuildServiceProvider();

        var nodes = provider.GetRequiredService<FledgerNodeProvider>();
        var node = await nodes.GetNodeAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Same(node, await nodes.GetNodeAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("di", node.Info.Name);
        Assert.Single(services, d => d.ServiceType == typeof(FledgerNodeProvider));
        Assert.IsType<InMemoryKeyValueStore>(provider.GetRequiredService<IKeyValueStore>());
    }
}
