using System.Net.Http;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.SignalServer.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.SignalServer.Tests.Hub;

public class LimitsTests
{
    [Fact]
    public async Task Relay_Flood_RateLimitedWhileOtherNodesKeepRelaying()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var server = await SignalServerHost.StartAsync(
            new Dictionary<string, string> { ["RateLimitBurst"] = "20", ["RateLimitPerSecond"] = "1" }, time);
        var a = NodeIdentity.Generate();
        var b = NodeIdentity.Generate();
        var c = NodeIdentity.Generate();
        await using var flooder = await RawSignalClient.ConnectAnnouncedAsync(server.HubUri, a);
        await using var target = await RawSignalClient.ConnectAnnouncedAsync(server.HubUri, b);
        await using var bystander = await RawSignalClient.ConnectAnnouncedAsync(server.HubUri, c);

        for (var i = 0; i < 100; i++)
        {
            await flooder.RelayAsync(b.Id, new PeerSetup.Candidate($"candidate:{i}", "0", 0));
        }

        // The announce took one token of 20 and time stands still: 19 relays pass, 81 are refused.
        for (var i = 0; i < 81; i++)
        {
            Assert.Equal(SignalErrorCode.RateLimited, await flooder.ExpectErrorAsync());
        }

        await bystander.RelayAsync(b.Id, new PeerSetup.Offer("bystander"));
        for (var i = 0; i < 19; i++)
        {
            Assert.Equal(a.Id, (await target.ExpectPeerSetupAsync()).From);
        }

        Assert.Equal(c.Id, (await target.ExpectPeerSetupAsync()).From);

        time.Advance(TimeSpan.FromSeconds(2));
        await flooder.RelayAsync(b.Id, new PeerSetup.Offer("after refill"));
        Assert.Equal(new PeerSetup.Offer("after refill"), (await target.ExpectPeerSetupAsync()).Setup);
    }

    [Fact]
    public async Task Announce_ChallengeOlderThanLifetime_StaleChallengeThenFreshOneWorks()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        await using var server = await SignalServerHost.StartAsync(time: time);
        var identity = NodeIdentity.Generate();
        await using var client = await RawSignalClient.ConnectAsync(server.HubUri);
        var nonce = await client.NextNonceAsync();
        var info = identity.CreateNodeInfo("slow", ClientKind.Test).Encode();

        time.Advance(TimeSpan.FromSeconds(31));
        await client.SendAnnounceAsync(nonce, info, identity.Sign(SignalProtocol.BuildAnnounceMessage(nonce, info)));
        Assert.Equal(SignalErrorCode.StaleChallenge, await client.ExpectErrorAsync());

        await client.AnnounceAsync(identity, identity.CreateNodeInfo("slow", ClientKind.Test));
        Assert.Equal(identity.Id.ToString(), await client.ExpectAsync<string>("Announced"));
    }

    [Fact]
    public async Task Connect_OverMaxConnections_ServerFullAndClosed()
    {
        await using var server = await SignalServerHost.StartAsync(new Dictionary<string, string> { ["MaxConnections"] = "2" });
        await using var first = await RawSignalClient.ConnectAsync(server.HubUri);
        await using var second = await RawSignalClient.ConnectAsync(server.HubUri);
        var nonce = await first.NextNonceAsync();
        await second.NextNonceAsync();

        await using var third = await RawSignalClient.ConnectAsync(server.HubUri);

        Assert.Equal(SignalErrorCode.ServerFull, await third.ExpectErrorAsync());
        await third.Closed.WaitAsync(RawSignalClient.Timeout);
        var identity = NodeIdentity.Generate();
        var info = identity.CreateNodeInfo("still served", ClientKind.Test).Encode();
        await first.SendAnnounceAsync(nonce, info, identity.Sign(SignalProtocol.BuildAnnounceMessage(nonce, info)));
        Assert.Equal("Announced", (await first.NextAsync()).Method);
    }

    [Fact]
    public async Task Start_InvalidOptions_FailsValidation()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SignalServerHost.StartAsync(
            new Dictionary<string, string> { ["MaxPeerSetupBytes"] = "100000", ["MaxConnections"] = "0" }));

        Assert.Contains(error.Failures, f => f.Contains("MaxPeerSetupBytes", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.Contains("MaxConnections", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SilentConnection_ClosedAfterClientTimeout_AndItsNodeRemoved()
    {
        await using var server = await SignalServerHost.StartAsync(
            new Dictionary<string, string> { ["ClientTimeout"] = "00:00:03", ["KeepAliveInterval"] = "00:00:00.500" });
        var watcher = NodeIdentity.Generate();
        var silent = NodeIdentity.Generate();
        await using var watcherClient = await RawSignalClient.ConnectAnnouncedAsync(server.HubUri, watcher, keepAliveInterval: TimeSpan.FromMilliseconds(200));

        // This client never sends a ping, so after its announce the server hears nothing from it.
        await using var silentClient = await RawSignalClient.ConnectAnnouncedAsync(server.HubUri, silent, keepAliveInterval: TimeSpan.FromMinutes(10));

        await silentClient.Closed.WaitAsync(RawSignalClient.Timeout);
        ServerMessage presence;
        do
        {
            presence = await watcherClient.NextPresenceAsync();
        }
        while (presence.Method != "NodeLeft");

        Assert.Equal(silent.Id.ToString(), presence.Args[0]);
        await watcherClient.Connection.SendAsync("ListNodes", 10).WaitAsync(RawSignalClient.Timeout);
        Assert.Empty(await watcherClient.ExpectAsync<byte[][]>("NodeList"));
    }
}
