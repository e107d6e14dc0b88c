using Fledger.Core.Identity;
using Fledger.Modules;
using Fledger.Modules.Gossip;
using Fledger.Net.Network;
using Fledger.Simulation;

namespace Fledger.Simulation.Tests;

public sealed class SecurityTests
{
    [Fact]
    public async Task ForgedEvents_PushedByAttacker_ReachNoNode()
    {
        await using var network = new SimulatedNetwork(new SimulationOptions { Seed = 9 });
        await network.AddNodesAsync(60);
        Assert.NotNull(await network.RunUntilAsync(() => network.CountComponents() == 1, TimeSpan.FromSeconds(60)));
        var attacker = network.Nodes[0];
        var victim = network.Nodes[1];
        var attackerKey = NodeIdentity.Generate(new Random(1));
        var genuine = GossipEvent.Create(attackerKey, GossipCategory.Chat, "genuine"u8, network.Time.GetUtcNow());
        var badSignature = genuine.Encoded.ToArray();
        badSignature[^1] ^= 0x40;
        var unsigned = GossipEvent.EncodeUnsigned(
            GossipCategory.Chat, victim.Id, attackerKey.PublicKey.Span, network.Time.GetUtcNow().ToUnixTimeMilliseconds(), "i am the victim"u8);
        var wrongAuthor = (byte[])[.. unsigned, .. attackerKey.Sign(GossipEvent.SigningInput(unsigned))];
        var payload = EventsPayload(badSignature, wrongAuthor);

        var peers = network.ConnectionsOf(attacker.Id);
        foreach (var peer in peers)
        {
            await attacker.Node.Network.EmitInputAsync(new NetworkIn.SendMessage(peer, new NodeMessage(ModuleNames.Gossip, payload)));
        }

        await network.RunForAsync(TimeSpan.FromSeconds(30));

        Assert.All(network.AliveNodes, n => Assert.Empty(n.Node.ChatEvents));
        Assert.Equal(2 * peers.Count, network.AliveNodes.Sum(n => n.Node.GossipStats.Forged));
    }

    private static byte[] EventsPayload(params byte[][] events)
    {
        var bytes = new List<byte> { GossipWire.Version, (byte)GossipWireKind.Events, 0, (byte)events.Length };
        foreach (var e in events)
        {
            bytes.Add((byte)(e.Length >> 8));
            bytes.Add((byte)e.Length);
            bytes.AddRange(e);
        }

        return [.. bytes];
    }
}
