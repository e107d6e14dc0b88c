using Fledger.Core.Identity;
using Fledger.SignalServer.Registry;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.SignalServer.Tests.Registry;

public class InMemoryNodeRegistryTests
{
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UnixEpoch);

    [Fact]
    public async Task Register_SameIdOtherConnection_ReturnsReplaced()
    {
        var registry = new InMemoryNodeRegistry(_time, new Random(1));
        var info = NodeIdentity.Generate(new Random(2)).CreateNodeInfo("a", ClientKind.Test);

        Assert.Null(await registry.RegisterAsync(new NodeRegistration(info, "c1", _time.GetUtcNow())));
        Assert.Null(await registry.RegisterAsync(new NodeRegistration(info, "c1", _time.GetUtcNow())));
        var replaced = await registry.RegisterAsync(new NodeRegistration(info, "c2", _time.GetUtcNow()));

        Assert.Equal("c1", replaced!.ConnectionId);
        Assert.Equal("c2", (await registry.FindAsync(info.Id))!.ConnectionId);
        Assert.Equal(1, await registry.CountAsync());
    }

    [Fact]
    public async Task Remove_OnlyWithOwningConnection()
    {
        var registry = new InMemoryNodeRegistry(_time, new Random(1));
        var info = NodeIdentity.Generate(new Random(3)).CreateNodeInfo("a", ClientKind.Test);
        await registry.RegisterAsync(new NodeRegistration(info, "new", _time.GetUtcNow()));

        Assert.False(await registry.RemoveAsync(info.Id, "old"));
        Assert.NotNull(await registry.FindAsync(info.Id));
        Assert.True(await registry.RemoveAsync(info.Id, "new"));
        Assert.Null(await registry.FindAsync(info.Id));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(10, 5)]
    [InlineData(10, 9)]
    [InlineData(10, 10)]
    [InlineData(200, 20)]
    public async Task Sample_DistinctBoundedAndNeverExcluded(int count, int max)
    {
        var registry = new InMemoryNodeRegistry(_time, new Random(4));
        var ids = new List<NodeId>();
        for (var i = 0; i < count; i++)
        {
            var info = NodeIdentity.Generate(new Random(100 + i)).CreateNodeInfo($"n{i}", ClientKind.Test);
            ids.Add(info.Id);
            await registry.RegisterAsync(new NodeRegistration(info, $"c{i}", _time.GetUtcNow()));
        }

        for (var round = 0; round < 50; round++)
        {
            var exclude = ids[round % count];
            var sample = await registry.SampleAsync(max, exclude);

            Assert.Equal(Math.Min(max, count - 1), sample.Count);
            Assert.Equal(sample.Count, sample.Select(r => r.Id).Distinct().Count());
            Assert.DoesNotContain(sample, r => r.Id == exclude);
        }
    }

    [Fact]
    public async Task Sample_ManyRounds_EveryNodeEventuallyPicked()
    {
        var registry = new InMemoryNodeRegistry(_time, new Random(5));
        for (var i = 0; i < 50; i++)
        {
            await registry.RegisterAsync(new NodeRegistration(NodeIdentity.Generate(new Random(200 + i)).CreateNodeInfo("n", ClientKind.Test), $"c{i}", _time.GetUtcNow()));
        }

        var seen = new HashSet<NodeId>();
        for (var round = 0; round < 100; round++)
        {
            foreach (var r in await registry.SampleAsync(5, null))
            {
                seen.Add(r.Id);
            }
        }

        Assert.Equal(50, seen.Count);
    }

    [Fact]
    public async Task RemoveExpired_DropsOnlyEntriesNotRefreshedWithinTtl()
    {
        var registry = new InMemoryNodeRegistry(_time, new Random(6));
        var live = NodeIdentity.Generate(new Random(7)).CreateNodeInfo("live", ClientKind.Test);
        var silent = NodeIdentity.Generate(new Random(8)).CreateNodeInfo("silent", ClientKind.Test);
        await registry.RegisterAsync(new NodeRegistration(live, "c1", _time.GetUtcNow()));
        await registry.RegisterAsync(new NodeRegistration(silent, "c2", _time.GetUtcNow()));

        _time.Advance(TimeSpan.FromSeconds(60));
        await registry.RefreshAsync(live.Id, "c1");
        _time.Advance(TimeSpan.FromSeconds(40));

        Assert.Equal(1, await registry.RemoveExpiredAsync(TimeSpan.FromSeconds(90)));
        Assert.NotNull(await registry.FindAsync(live.Id));
        Assert.Null(await registry.FindAsync(silent.Id));
    }
}
