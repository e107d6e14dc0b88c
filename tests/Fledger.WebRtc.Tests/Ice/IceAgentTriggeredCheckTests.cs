using System.Net;
using System.Net.Sockets;
using System.Text;
using Fledger.WebRtc.Ice;
using Fledger.WebRtc.Stun;
using Microsoft.Extensions.Time.Testing;
using static Fledger.WebRtc.Tests.Ice.IceTestHarness;

namespace Fledger.WebRtc.Tests.Ice;

/// <summary>
/// Checks leave the moment the work arrives, not on a pacing tick: the agent's clock is a <see cref="FakeTimeProvider"/>
/// that never advances, so its timer never fires and every check seen here went out immediately.
/// </summary>
public sealed class IceAgentTriggeredCheckTests : IAsyncLifetime
{
    private const string PeerUfrag = "PeEr";
    private const string PeerPassword = "peerPasswordPeerPassword";
    private readonly Socket _peer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly FakeTimeProvider _time = new();
    private IceAgent? _agent;

    /// <summary>Binds the hand-driven peer's socket.</summary>
    public Task InitializeAsync()
    {
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Request_BeforeRemoteCredentials_AnsweredAtOnceAndTriggeredCheckLeavesWithTheCredentials()
    {
        // The managed offerer: the browser's answer (credentials) arrives after its first check.
        var agent = await StartAsync(IceRole.Controlling);
        var response = await SendCheckAsync(agent, controlling: false);
        Assert.Equal(StunClass.SuccessResponse, response.Class);

        agent.SetRemoteCredentials(PeerUfrag, PeerPassword);

        var (check, raw) = await ReceiveAsync(m => m.Class == StunClass.Request);
        Assert.Equal($"{PeerUfrag}:{agent.LocalUfrag}", check.Username);
        Assert.NotNull(check.IceControlling);
        Assert.True(check.VerifyIntegrity(raw, Encoding.UTF8.GetBytes(PeerPassword)));
    }

    [Fact]
    public async Task Request_WithRemoteCredentials_TriggeredCheckFollowsTheResponseAtOnce()
    {
        // The managed answerer: the browser's check arrives from a peer-reflexive (mDNS-hidden) address.
        var agent = await StartAsync(IceRole.Controlled);
        agent.SetRemoteCredentials(PeerUfrag, PeerPassword);

        Assert.Equal(StunClass.SuccessResponse, (await SendCheckAsync(agent, controlling: true)).Class);

        var (check, _) = await ReceiveAsync(m => m.Class == StunClass.Request);
        Assert.Equal($"{PeerUfrag}:{agent.LocalUfrag}", check.Username);
        Assert.NotNull(check.IceControlled);
    }

    /// <summary>Disposes the agent and the socket (xunit 2 calls this, not <see cref="IAsyncDisposable"/>).</summary>
    public async Task DisposeAsync()
    {
        if (_agent is not null)
        {
            await _agent.DisposeAsync();
        }

        _peer.Dispose();
    }

    private async Task<IceAgent> StartAsync(IceRole role)
    {
        _agent = new IceAgent(LoopbackOptions() with { TimeProvider = _time }, role);
        await _agent.StartGatheringAsync().WaitAsync(TestTimeout);
        return _agent;
    }

    private async Task<StunMessage> SendCheckAsync(IceAgent agent, bool controlling)
    {
        var id = StunTransactionId.NewRandom();
        var writer = new StunWriter(new byte[256], StunClass.Request, StunMethod.Binding, id);
        writer.AddUsername($"{agent.LocalUfrag}:{PeerUfrag}");
        if (controlling)
        {
            writer.AddIceControlling(1);
        }
        else
        {
            writer.AddIceControlled(1);
        }

        writer.AddPriority(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 30000));
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(agent.LocalPassword));
        writer.AddFingerprint();
        await _peer.SendToAsync(writer.Written.ToArray(), SocketFlags.None, agent.LocalEndPoint!);
        var (response, _) = await ReceiveAsync(m => m.TransactionId == id && m.Class != StunClass.Request);
        return response;
    }

    private async Task<(StunMessage Message, byte[] Raw)> ReceiveAsync(Func<StunMessage, bool> match)
    {
        var buffer = new byte[1500];
        for (var i = 0; i < 50; i++)
        {
            var result = await _peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(TestTimeout);
            var raw = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            if (StunMessage.TryParse(raw, out var message) == StunParseError.None && match(message!))
            {
                return (message!, raw);
            }
        }

        throw new InvalidOperationException("No matching STUN message within 50 datagrams.");
    }
}
