using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.SignalServer.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Fledger.SignalServer.Tests.Hub;

public class RelayTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Uri Hub => fixture.Host.HubUri;

    [Fact]
    public async Task Relay_OfferAnswerAndCandidates_DeliveredBothWaysWithAuthenticatedFrom()
    {
        var a = NodeIdentity.Generate();
        var b = NodeIdentity.Generate();
        await using var clientA = await RawSignalClient.ConnectAnnouncedAsync(Hub, a);
        await using var clientB = await RawSignalClient.ConnectAnnouncedAsync(Hub, b);

        PeerSetup[] fromA =
        [
            new PeerSetup.Offer("v=0 offer"),
            new PeerSetup.Candidate("candidate:1 1 udp 1 10.0.0.1 5000 typ host", "0", 0),
            new PeerSetup.Candidate(string.Empty, "0", 0), // end-of-candidates
        ];
        PeerSetup[] fromB = [new PeerSetup.Answer("v=0 answer"), new PeerSetup.Candidate("candidate:2 1 udp 1 10.0.0.2 5001 typ host", null, null)];
        foreach (var setup in fromA)
        {
            await clientA.RelayAsync(b.Id, setup);
        }

        foreach (var setup in fromB)
        {
            await clientB.RelayAsync(a.Id, setup);
        }

        foreach (var expected in fromA)
        {
            var (from, setup) = await clientB.ExpectPeerSetupAsync();
            Assert.Equal(a.Id, from);
            Assert.Equal(expected, setup);
        }

        foreach (var expected in fromB)
        {
            var (from, setup) = await clientA.ExpectPeerSetupAsync();
            Assert.Equal(b.Id, from);
            Assert.Equal(expected, setup);
        }
    }

    [Fact]
    public async Task Relay_BeforeAnnounce_NotAnnounced()
    {
        var target = NodeIdentity.Generate();
        await using var targetClient = await RawSignalClient.ConnectAnnouncedAsync(Hub, target);
        await using var anonymous = await RawSignalClient.ConnectAsync(Hub);

        await anonymous.RelayAsync(target.Id, new PeerSetup.Offer("v=0"));

        Assert.Equal(SignalErrorCode.NotAnnounced, await anonymous.ExpectErrorAsync());
    }

    [Fact]
    public async Task Relay_UnknownTargetOrBadFields_TypedErrors()
    {
        var a = NodeIdentity.Generate();
        await using var client = await RawSignalClient.ConnectAnnouncedAsync(Hub, a);

        await client.RelayAsync(NodeIdentity.Generate().Id, new PeerSetup.Offer("v=0"));
        Assert.Equal(SignalErrorCode.UnknownTarget, await client.ExpectErrorAsync());

        await client.Connection.SendAsync("Relay", "not-an-id", PeerSetupWire.From(new PeerSetup.Offer("v=0"))).WaitAsync(RawSignalClient.Timeout);
        Assert.Equal(SignalErrorCode.Malformed, await client.ExpectErrorAsync());

        await client.Connection.SendAsync("Relay", a.Id.ToString(), new PeerSetupWire("bogus", "x")).WaitAsync(RawSignalClient.Timeout);
        Assert.Equal(SignalErrorCode.Malformed, await client.ExpectErrorAsync());

        await client.Connection.SendAsync("Relay", a.Id.ToString(), new PeerSetupWire(PeerSetupWire.OfferKind, string.Empty)).WaitAsync(RawSignalClient.Timeout);
        Assert.Equal(SignalErrorCode.Malformed, await client.ExpectErrorAsync()); // only a candidate may be empty

        await client.Connection.SendAsync("Relay", a.Id.ToString(), null).WaitAsync(RawSignalClient.Timeout);
        Assert.Equal(SignalErrorCode.Malformed, await client.ExpectErrorAsync());
    }

    [Fact]
    public async Task Relay_FromFieldInPayloadOrExtraArgument_CannotSpoofSender()
    {
        var victim = NodeIdentity.Generate();
        var attacker = NodeIdentity.Generate();
        var target = NodeIdentity.Generate();
        await using var victimClient = await RawSignalClient.ConnectAnnouncedAsync(Hub, victim);
        await using var attackerClient = await RawSignalClient.ConnectAnnouncedAsync(Hub, attacker);
        await using var targetClient = await RawSignalClient.ConnectAnnouncedAsync(Hub, target);

        var spoofedPayload = new { kind = "offer", value = "v=0 spoof", from = victim.Id.ToString() };
        await attackerClient.Connection.SendAsync("Relay", target.Id.ToString(), spoofedPayload).WaitAsync(RawSignalClient.Timeout);
        await attackerClient.Connection.SendAsync("Relay", target.Id.ToString(), PeerSetupWire.From(new PeerSetup.Offer("v=0 extra")), victim.Id.ToString()).WaitAsync(RawSignalClient.Timeout);
        await attackerClient.RelayAsync(target.Id, new PeerSetup.Offer("v=0 marker"));

        var (from1, setup1) = await targetClient.ExpectPeerSetupAsync();
        Assert.Equal(attacker.Id, from1);
        Assert.Equal(new PeerSetup.Offer("v=0 spoof"), setup1);
        var (from2, setup2) = await targetClient.ExpectPeerSetupAsync();
        Assert.Equal(attacker.Id, from2);
        Assert.Equal(new PeerSetup.Offer("v=0 marker"), setup2);
    }

    [Fact]
    public async Task Relay_OversizePeerSetup_TooLargeAndConnectionStaysUsable()
    {
        var a = NodeIdentity.Generate();
        var b = NodeIdentity.Generate();
        await using var clientA = await RawSignalClient.ConnectAnnouncedAsync(Hub, a);
        await using var clientB = await RawSignalClient.ConnectAnnouncedAsync(Hub, b);

        await clientA.RelayAsync(b.Id, new PeerSetup.Offer(new string('x', 40 * 1024)));
        Assert.Equal(SignalErrorCode.TooLarge, await clientA.ExpectErrorAsync());

        await clientA.RelayAsync(b.Id, new PeerSetup.Offer("v=0 small"));
        var (from, setup) = await clientB.ExpectPeerSetupAsync();
        Assert.Equal(a.Id, from);
        Assert.Equal(new PeerSetup.Offer("v=0 small"), setup);
    }

    [Fact]
    public async Task Relay_MessageOverTransportLimit_ClosesOnlyThatConnection()
    {
        var a = NodeIdentity.Generate();
        var b = NodeIdentity.Generate();
        var c = NodeIdentity.Generate();
        await using var clientA = await RawSignalClient.ConnectAnnouncedAsync(Hub, a);
        await using var clientB = await RawSignalClient.ConnectAnnouncedAsync(Hub, b);
        await using var clientC = await RawSignalClient.ConnectAnnouncedAsync(Hub, c);

        await clientA.RelayAsync(b.Id, new PeerSetup.Offer(new string('x', 100 * 1024)));
        await clientA.Closed.WaitAsync(RawSignalClient.Timeout);

        await clientC.RelayAsync(b.Id, new PeerSetup.Offer("v=0 still serving"));
        var (from, _) = await clientB.ExpectPeerSetupAsync();
        Assert.Equal(c.Id, from);
    }

    [Fact]
    public async Task Presence_JoinAndLeave_PushedToOtherNodes()
    {
        await using var server = await SignalServerHost.StartAsync();
        var a = NodeIdentity.Generate();
        var b = NodeIdentity.Generate();
        await using var clientA = await RawSignalClient.ConnectAnnouncedAsync(server.HubUri, a);
        var clientB = await RawSignalClient.ConnectAnnouncedAsync(server.HubUri, b);

        var joined = await clientA.NextPresenceAsync();
        Assert.Equal("NodeJoined", joined.Method);
        Assert.True(NodeInfo.TryDecode((byte[])joined.Args[0]!, out var info, out _));
        Assert.Equal(b.Id, info!.Id);

        await clientB.DisposeAsync();
        var left = await clientA.NextPresenceAsync();
        Assert.Equal("NodeLeft", left.Method);
        Assert.Equal(b.Id.ToString(), left.Args[0]);
    }
}
