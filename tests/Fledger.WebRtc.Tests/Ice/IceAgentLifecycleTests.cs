using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Fledger.WebRtc.Ice;
using Microsoft.Extensions.Time.Testing;
using static Fledger.WebRtc.Tests.Ice.IceTestHarness;

namespace Fledger.WebRtc.Tests.Ice;

public sealed class IceAgentLifecycleTests
{
    [Fact]
    public async Task DisposeAsync_WhileChecking_ClosesSocketRaisesClosedAndStopsSending()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var agent = new IceAgent(LoopbackOptions(), IceRole.Controlling);
        var states = new ConcurrentQueue<IceConnectionState>();
        agent.StateChanged += (_, s) => states.Enqueue(s);
        await agent.StartGatheringAsync();
        agent.SetRemoteCredentials("abcd", "0123456789012345678901");
        agent.AddRemoteCandidate(Host((IPEndPoint)silent.LocalEndPoint!));
        var port = agent.LocalEndPoint!.Port;
        Assert.Equal(IceConnectionState.Checking, agent.State);

        await agent.DisposeAsync();
        await agent.DisposeAsync();

        Assert.Equal(IceConnectionState.Closed, agent.State);
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Closed], states.ToArray());
        using var rebind = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        rebind.Bind(new IPEndPoint(IPAddress.Loopback, port)); // the agent's socket is closed
        Assert.False(agent.AddRemoteCandidate(Host(new IPEndPoint(IPAddress.Loopback, 9))));
        await agent.Transport.SendAsync(new byte[] { 22 });
        Assert.Equal(0, agent.GetStats().BytesSent);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => agent.StartGatheringAsync());
    }

    [Fact]
    public async Task Agent_FakeTime_FailsExactlyAtConnectTimeout()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var time = new FakeTimeProvider();
        var options = LoopbackOptions() with { TimeProvider = time, ConnectTimeout = TimeSpan.FromSeconds(3) };
        await using var agent = new IceAgent(options, IceRole.Controlling);
        await agent.StartGatheringAsync();
        agent.SetRemoteCredentials("abcd", "0123456789012345678901");
        agent.AddRemoteCandidate(Host((IPEndPoint)silent.LocalEndPoint!));

        for (var elapsed = 0; elapsed < 2900; elapsed += 50)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
        }

        Assert.Equal(IceConnectionState.Checking, agent.State);
        // Retransmissions back off: 100, 200, 400, 400, ... ms until MaxTransmissions (7) is reached.
        Assert.Equal(7, agent.GetStats().ChecksSent);
        time.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(IceConnectionState.Failed, agent.State);
    }

    [Fact]
    public async Task AddRemoteCandidate_FakeTimeNotAdvanced_SendsFirstCheckAtOnceThenPacesByTa()
    {
        using var silentA = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        using var silentB = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silentA.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silentB.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var time = new FakeTimeProvider();
        var options = LoopbackOptions() with { TimeProvider = time, CheckInterval = TimeSpan.FromMilliseconds(50) };
        await using var agent = new IceAgent(options, IceRole.Controlling);
        await agent.StartGatheringAsync();
        agent.SetRemoteCredentials("abcd", "0123456789012345678901");

        agent.AddRemoteCandidate(Host((IPEndPoint)silentA.LocalEndPoint!));
        agent.AddRemoteCandidate(Host((IPEndPoint)silentB.LocalEndPoint!));

        // The first check leaves without waiting for a timer tick; the second waits for the next Ta slot.
        Assert.Equal(1, agent.GetStats().ChecksSent);
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(1, agent.GetStats().ChecksSent);
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, agent.GetStats().ChecksSent);
    }

    [Theory]
    [InlineData(true, IceConnectionState.Failed)]
    [InlineData(false, IceConnectionState.Checking)]
    public async Task SetRemoteEndOfCandidates_AllPairsFailed_FailsBeforeConnectTimeout(bool endOfCandidates, IceConnectionState expected)
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var time = new FakeTimeProvider();
        var options = LoopbackOptions() with { TimeProvider = time, ConnectTimeout = TimeSpan.FromSeconds(30) };
        await using var agent = new IceAgent(options, IceRole.Controlling);
        await agent.StartGatheringAsync();
        agent.SetRemoteCredentials("abcd", "0123456789012345678901");
        agent.AddRemoteCandidate(Host((IPEndPoint)silent.LocalEndPoint!));
        if (endOfCandidates)
        {
            agent.SetRemoteEndOfCandidates();
        }

        Assert.Equal(IceConnectionState.Checking, agent.State); // the pair is still being checked
        for (var elapsed = 0; elapsed < 3000; elapsed += 50)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
        }

        // 7 transmissions (100 + 200 + 400 × 4 ms apart, then 400 ms for the last answer) fail the only pair.
        Assert.Equal(7, agent.GetStats().ChecksSent);
        Assert.Equal(expected, agent.State);
    }

    [Fact]
    public async Task SetRemoteEndOfCandidates_NoRemoteCandidate_KeepsWaitingForPeerReflexive()
    {
        var time = new FakeTimeProvider();
        await using var agent = new IceAgent(LoopbackOptions() with { TimeProvider = time }, IceRole.Controlled);
        await agent.StartGatheringAsync();
        agent.SetRemoteCredentials("abcd", "0123456789012345678901");

        agent.SetRemoteEndOfCandidates();
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(IceConnectionState.Checking, agent.State);
    }

    [Fact]
    public void SetRemoteCredentials_TooShortPassword_Throws()
    {
        using var agent = new IceAgent(LoopbackOptions(), IceRole.Controlled);
        Assert.Throws<ArgumentException>(() => agent.SetRemoteCredentials("abcd", "short"));
        Assert.Throws<ArgumentException>(() => agent.SetRemoteCredentials("ab", "0123456789012345678901"));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => new IceAgent(new IceOptions { PortMin = 5000, PortMax = 4000 }, IceRole.Controlled));
        Assert.Throws<ArgumentException>(() => new IceAgent(
            new IceOptions { DisconnectedTimeout = TimeSpan.FromSeconds(40) }, IceRole.Controlled));
    }

    [Fact]
    public async Task StartGatheringAsync_PortRange_BindsInsideRange()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var free = ((IPEndPoint)probe.LocalEndPoint!).Port;
        probe.Dispose();
        await using var agent = new IceAgent(LoopbackOptions() with { PortMin = free, PortMax = free }, IceRole.Controlled);
        await agent.StartGatheringAsync();
        Assert.Equal(free, agent.LocalEndPoint!.Port);
    }

    [Fact]
    public void PairPriority_Rfc8445Formula_FavoursControllingSide()
    {
        Assert.Equal((2ul << 32) + 6 + 1, IceCandidatePair.ComputePriority(3, 2));
        Assert.Equal((2ul << 32) + 6, IceCandidatePair.ComputePriority(2, 3));
    }

    private static IceCandidate Host(IPEndPoint endPoint) => new()
    {
        Foundation = "1",
        Priority = IceCandidate.ComputePriority(IceCandidateType.Host, 65535),
        Address = endPoint.Address.ToString(),
        Port = endPoint.Port,
        Type = IceCandidateType.Host,
    };
}
