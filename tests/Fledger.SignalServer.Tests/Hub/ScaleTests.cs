using Fledger.Core.Identity;
using Fledger.SignalServer.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Fledger.SignalServer.Tests.Hub;

public class ScaleTests
{
    [Fact]
    public async Task FiveHundredClients_ConnectAnnounceAndList()
    {
        const int Count = 500;
        const int ListSize = 20;
        await using var server = await SignalServerHost.StartAsync();
        var clients = new RawSignalClient[Count];
        var identities = Enumerable.Range(0, Count).Select(i => NodeIdentity.Generate(new Random(i))).ToArray();
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, Count),
                new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (i, _) => clients[i] = await RawSignalClient.ConnectAnnouncedAsync(server.HubUri, identities[i], $"n{i}"));

            var known = identities.Select(id => id.Id).ToHashSet();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, Count),
                new ParallelOptions { MaxDegreeOfParallelism = 16 },
                async (i, ct) =>
                {
                    await clients[i].Connection.SendAsync("ListNodes", ListSize).WaitAsync(RawSignalClient.Timeout);
                    var nodes = await clients[i].ExpectAsync<byte[][]>("NodeList");
                    Assert.Equal(ListSize, nodes.Length);
                    var ids = nodes.Select(n => NodeInfo.TryDecode(n, out var info, out _) ? info!.Id : default).ToList();
                    Assert.Equal(ListSize, ids.Distinct().Count());
                    Assert.All(ids, id => Assert.Contains(id, known));
                    Assert.DoesNotContain(identities[i].Id, ids);
                });
        }
        finally
        {
            foreach (var client in clients.Where(c => c is not null))
            {
                await client.DisposeAsync();
            }
        }
    }
}
