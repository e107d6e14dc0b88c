using Fledger.Core.Identity;
using Fledger.ScaleOut.Tests.Infrastructure;
using Fledger.SignalServer;
using Fledger.SignalServer.Connections;
using Fledger.SignalServer.Registry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Fledger.ScaleOut.Tests;

[Collection(RedisCollection.Name)]
public sealed class RedisNodeRegistryTests(RedisServer redis) : IAsyncLifetime
{
    private RedisConnection? _connection;
    private RedisNodeRegistry? _registry;

    private RedisNodeRegistry Registry => _registry!;

    public Task InitializeAsync()
    {
        var options = Options.Create(new SignalServerOptions { Redis = redis.ConnectionString, RedisPrefix = "u" + Guid.NewGuid().ToString("N")[..8] });
        _connection = new RedisConnection(options);
        _registry = new RedisNodeRegistry(_connection, new ConnectionTracker(), options, TimeProvider.System, NullLogger<RedisNodeRegistry>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _connection!.DisposeAsync();

    [Fact]
    public async Task RegisterAsync_SameNodeOtherConnection_ReturnsReplacedRegistration()
    {
        var info = NodeIdentity.Generate().CreateNodeInfo("n", ClientKind.Test, ["ping"]);
        var seen = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000);

        Assert.Null(await Registry.RegisterAsync(new NodeRegistration(info, "c1", seen)));
        Assert.Null(await Registry.RegisterAsync(new NodeRegistration(info, "c1", seen)));
        var replaced = await Registry.RegisterAsync(new NodeRegistration(info, "c2", seen));

        Assert.Equal("c1", replaced?.ConnectionId);
        Assert.Equal(info.Encode(), replaced!.Info.Encode());
        Assert.Equal(seen, replaced.LastSeen);
        Assert.Equal("c2", (await Registry.FindAsync(info.Id))?.ConnectionId);
    }

    [Fact]
    public async Task RemoveAsync_OtherConnection_KeepsEntry()
    {
        var info = NodeIdentity.Generate().CreateNodeInfo("n", ClientKind.Test, []);
        await Registry.RegisterAsync(new NodeRegistration(info, "c1", DateTimeOffset.UtcNow));

        Assert.False(await Registry.RemoveAsync(info.Id, "c2"));
        Assert.Equal(1, await Registry.CountAsync());
        Assert.True(await Registry.RemoveAsync(info.Id, "c1"));
        Assert.Equal(0, await Registry.CountAsync());
        Assert.Null(await Registry.FindAsync(info.Id));
    }

    [Fact]
    public async Task SampleAsync_ManyNodes_BoundedDistinctAndExcludesCaller()
    {
        var infos = Enumerable.Range(0, 30).Select(i => NodeIdentity.Generate().CreateNodeInfo($"n{i}", ClientKind.Test, [])).ToList();
        foreach (var info in infos)
        {
            await Registry.RegisterAsync(new NodeRegistration(info, "c-" + info.Id, DateTimeOffset.UtcNow));
        }

        for (var round = 0; round < 10; round++)
        {
            var sample = await Registry.SampleAsync(10, infos[0].Id);
            Assert.Equal(10, sample.Count);
            Assert.Equal(10, sample.Select(r => r.Id).Distinct().Count());
            Assert.DoesNotContain(sample, r => r.Id == infos[0].Id);
        }

        var all = await Registry.SampleAsync(100, infos[0].Id);
        Assert.Equal(29, all.Count);
        Assert.Empty(await Registry.SampleAsync(0, null));
    }
}
