using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.SignalServer.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace Fledger.SignalServer.Tests.Hub;

public class AnnounceTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    private Uri Hub => fixture.Host.HubUri;

    [Fact]
    public async Task Announce_ValidSignature_AnnouncedWithIdDerivedFromKey()
    {
        var identity = NodeIdentity.Generate();
        await using var client = await RawSignalClient.ConnectAsync(Hub);

        await client.AnnounceAsync(identity, identity.CreateNodeInfo("a", ClientKind.Test));

        Assert.Equal(identity.Id.ToString(), await client.ExpectAsync<string>("Announced"));
    }

    [Fact]
    public async Task Announce_ForgedSignature_BadSignatureAndConnectionStaysUsable()
    {
        var victim = NodeIdentity.Generate();
        var attacker = NodeIdentity.Generate();
        await using var client = await RawSignalClient.ConnectAsync(Hub);

        await client.AnnounceAsync(attacker, victim.CreateNodeInfo("victim", ClientKind.Test));
        Assert.Equal(SignalErrorCode.BadSignature, await client.ExpectErrorAsync());

        await client.AnnounceAsync(attacker, attacker.CreateNodeInfo("attacker", ClientKind.Test));
        Assert.Equal(attacker.Id.ToString(), await client.ExpectAsync<string>("Announced"));
    }

    [Fact]
    public async Task Announce_TamperedNodeInfo_BadSignature()
    {
        var identity = NodeIdentity.Generate();
        await using var client = await RawSignalClient.ConnectAsync(Hub);
        var nonce = await client.NextNonceAsync();
        var signed = identity.CreateNodeInfo("honest", ClientKind.Test).Encode();
        var signature = identity.Sign(SignalProtocol.BuildAnnounceMessage(nonce, signed));

        await client.SendAnnounceAsync(nonce, identity.CreateNodeInfo("evil!!", ClientKind.Test).Encode(), signature);

        Assert.Equal(SignalErrorCode.BadSignature, await client.ExpectErrorAsync());
    }

    [Fact]
    public async Task Announce_ReplayedChallenge_StaleChallengeOnSameAndOtherConnection()
    {
        var identity = NodeIdentity.Generate();
        await using var first = await RawSignalClient.ConnectAsync(Hub);
        var (nonce, info, signature) = await first.AnnounceAsync(identity, identity.CreateNodeInfo("a", ClientKind.Test));
        Assert.Equal("Announced", (await first.NextAsync()).Method);

        await first.SendAnnounceAsync(nonce, info, signature);
        Assert.Equal(SignalErrorCode.StaleChallenge, await first.ExpectErrorAsync());

        await using var second = await RawSignalClient.ConnectAsync(Hub);
        await second.SendAnnounceAsync(nonce, info, signature);
        Assert.Equal(SignalErrorCode.StaleChallenge, await second.ExpectErrorAsync());
    }

    [Fact]
    public async Task Announce_KeyOfConnectedNodeWithoutPrivateKey_RefusedAndOriginalKeepsId()
    {
        var owner = NodeIdentity.Generate();
        var impostor = NodeIdentity.Generate();
        var sender = NodeIdentity.Generate();
        await using var original = await RawSignalClient.ConnectAnnouncedAsync(Hub, owner);
        await using var fake = await RawSignalClient.ConnectAsync(Hub);
        await using var peer = await RawSignalClient.ConnectAnnouncedAsync(Hub, sender);

        await fake.AnnounceAsync(impostor, owner.CreateNodeInfo("owner?", ClientKind.Test));
        Assert.Equal(SignalErrorCode.BadSignature, await fake.ExpectErrorAsync());

        await peer.RelayAsync(owner.Id, new PeerSetup.Offer("v=0"));
        var (from, setup) = await original.ExpectPeerSetupAsync();
        Assert.Equal(sender.Id, from);
        Assert.Equal(new PeerSetup.Offer("v=0"), setup);
    }

    [Fact]
    public async Task Announce_SameKeyOnSecondConnection_ReplacesFirstWithReplacedError()
    {
        var identity = NodeIdentity.Generate();
        var sender = NodeIdentity.Generate();
        await using var first = await RawSignalClient.ConnectAnnouncedAsync(Hub, identity);
        await using var second = await RawSignalClient.ConnectAnnouncedAsync(Hub, identity);

        Assert.Equal(SignalErrorCode.Replaced, await first.ExpectErrorAsync());
        await first.Closed.WaitAsync(RawSignalClient.Timeout);

        await using var peer = await RawSignalClient.ConnectAnnouncedAsync(Hub, sender);
        await peer.RelayAsync(identity.Id, new PeerSetup.Answer("v=0 answer"));
        var (from, _) = await second.ExpectPeerSetupAsync();
        Assert.Equal(sender.Id, from);
    }

    [Fact]
    public async Task Announce_UnsupportedVersion_TypedError()
    {
        var identity = NodeIdentity.Generate();
        await using var client = await RawSignalClient.ConnectAsync(Hub);
        var nonce = await client.NextNonceAsync();
        var info = identity.CreateNodeInfo("v2", ClientKind.Test).Encode();

        await client.SendAnnounceAsync(nonce, info, identity.Sign(SignalProtocol.BuildAnnounceMessage(nonce, info)), version: 2);

        Assert.Equal(SignalErrorCode.UnsupportedVersion, await client.ExpectErrorAsync());
    }

    [Fact]
    public async Task Announce_MalformedFields_TypedErrorsAndConnectionStaysUsable()
    {
        var identity = NodeIdentity.Generate();
        await using var client = await RawSignalClient.ConnectAsync(Hub);
        var nonce = await client.NextNonceAsync();

        await client.SendAnnounceAsync(nonce, [1, 2, 3], new byte[64]);
        Assert.Equal(SignalErrorCode.Malformed, await client.ExpectErrorAsync());

        await client.Connection.SendAsync("Announce", 1, null, null, null).WaitAsync(RawSignalClient.Timeout);
        Assert.Equal(SignalErrorCode.Malformed, await client.ExpectErrorAsync());

        await client.SendAnnounceAsync(new byte[32], new byte[NodeInfo.MaxEncodedLength + 1], new byte[64]);
        Assert.Equal(SignalErrorCode.TooLarge, await client.ExpectErrorAsync());

        // Arguments of the wrong JSON type fail binding inside SignalR; the connection survives.
        await client.Connection.SendAsync("Announce", "one", "two").WaitAsync(RawSignalClient.Timeout);
        await client.Connection.SendAsync("ListNodes", "many").WaitAsync(RawSignalClient.Timeout);

        await client.AnnounceAsync(identity, identity.CreateNodeInfo("ok", ClientKind.Test));
        Assert.Equal(identity.Id.ToString(), await client.ExpectAsync<string>("Announced"));
    }

    [Fact]
    public async Task ListNodes_BeforeAnnounce_NotAnnounced()
    {
        await using var client = await RawSignalClient.ConnectAsync(Hub);

        await client.Connection.SendAsync("ListNodes", 10).WaitAsync(RawSignalClient.Timeout);

        Assert.Equal(SignalErrorCode.NotAnnounced, await client.ExpectErrorAsync());
    }

    [Fact]
    public async Task ListNodes_ReturnsOthersButNotSelf_AndNegativeMaxIsMalformed()
    {
        var a = NodeIdentity.Generate();
        var b = NodeIdentity.Generate();
        await using var clientA = await RawSignalClient.ConnectAnnouncedAsync(Hub, a);
        await using var clientB = await RawSignalClient.ConnectAnnouncedAsync(Hub, b);

        await clientA.Connection.SendAsync("ListNodes", 1000).WaitAsync(RawSignalClient.Timeout);
        var list = await clientA.NextAsync();
        Assert.Equal("NodeList", list.Method);
        var ids = ((byte[][])list.Args[0]!).Select(bytes => NodeInfo.TryDecode(bytes, out var info, out _) ? info!.Id : default).ToList();
        Assert.Contains(b.Id, ids);
        Assert.DoesNotContain(a.Id, ids);
        Assert.True(ids.Count <= 100);

        await clientA.Connection.SendAsync("ListNodes", -1).WaitAsync(RawSignalClient.Timeout);
        Assert.Equal(SignalErrorCode.Malformed, await clientA.ExpectErrorAsync());
    }
}
