using System.Net;
using System.Net.Sockets;
using Fledger.WebRtc.Ice;
using Fledger.WebRtc.Stun;
using static Fledger.WebRtc.Tests.Ice.IceTestHarness;

namespace Fledger.WebRtc.Tests.Ice;

public sealed class IceAgentGatheringTests
{
    [Fact]
    public async Task StartGatheringAsync_LoopbackOnly_GathersOneHostCandidateAndCompletes()
    {
        await using var agent = new IceAgent(LoopbackOptions(), IceRole.Controlled);
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += (_, c) => gathered.Add(c);
        await agent.StartGatheringAsync();
        await agent.GatheringTask.WaitAsync(TestTimeout);

        var host = Assert.Single(gathered);
        Assert.Equal(IceCandidateType.Host, host.Type);
        Assert.Equal("127.0.0.1", host.Address);
        Assert.Equal(agent.LocalEndPoint!.Port, host.Port);
        Assert.Equal(IceCandidate.ComputePriority(IceCandidateType.Host, 65535), host.Priority);
        Assert.True(agent.LocalUfrag.Length >= 4);
        Assert.True(agent.LocalPassword.Length >= 22);
        Assert.Equal(IceConnectionState.New, agent.State);
    }

    [Fact]
    public async Task StartGatheringAsync_LocalStunServer_GathersServerReflexiveCandidate()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var serverPort = ((IPEndPoint)server.LocalEndPoint!).Port;
        // A documentation address (RFC 5737): reported as the mapping only, never contacted.
        var mapped = new IPEndPoint(IPAddress.Parse("192.0.2.44"), 40000);
        var serverTask = RunTinyStunServerAsync(server, mapped);

        var options = LoopbackOptions() with { StunServers = [$"127.0.0.1:{serverPort}"] };
        await using var agent = new IceAgent(options, IceRole.Controlling);
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += (_, c) => gathered.Add(c);
        await agent.StartGatheringAsync();
        await agent.GatheringTask.WaitAsync(TestTimeout);

        var request = await serverTask.WaitAsync(TestTimeout);
        Assert.True(request.HasFingerprint);
        Assert.Equal(2, gathered.Count);
        var srflx = gathered[1];
        Assert.Equal(IceCandidateType.ServerReflexive, srflx.Type);
        Assert.Equal("192.0.2.44", srflx.Address);
        Assert.Equal(40000, srflx.Port);
        Assert.Equal("127.0.0.1", srflx.RelatedAddress);
        Assert.Equal(agent.LocalEndPoint!.Port, srflx.RelatedPort);
        Assert.Equal(IceCandidateParseError.None, IceCandidate.TryParse(srflx.ToString(), out _));
    }

    [Fact]
    public async Task StartGatheringAsync_StunServerSilent_CompletesAfterServerTimeout()
    {
        using var server = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var options = LoopbackOptions() with
        {
            StunServers = [$"127.0.0.1:{((IPEndPoint)server.LocalEndPoint!).Port}"],
            StunServerTimeout = TimeSpan.FromMilliseconds(500),
        };
        await using var agent = new IceAgent(options, IceRole.Controlling);
        await agent.StartGatheringAsync();
        await agent.GatheringTask.WaitAsync(TestTimeout);
        Assert.Single(agent.LocalCandidates);
    }

    /// <summary>Answers one Binding request with a real success response carrying XOR-MAPPED-ADDRESS.</summary>
    private static async Task<StunMessage> RunTinyStunServerAsync(Socket server, IPEndPoint mapped)
    {
        var buffer = new byte[1500];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        var result = await server.ReceiveFromAsync(buffer, SocketFlags.None, from).WaitAsync(TestTimeout);
        Assert.Equal(StunParseError.None, StunMessage.TryParse(buffer.AsSpan(0, result.ReceivedBytes), out var request));
        Assert.Equal(StunClass.Request, request!.Class);
        var response = new byte[128];
        var writer = new StunWriter(response, StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId);
        writer.AddXorMappedAddress(mapped.Address, mapped.Port);
        writer.AddSoftware("fledger-test-stun");
        writer.AddFingerprint();
        await server.SendToAsync(response.AsMemory(0, writer.Length), SocketFlags.None, result.RemoteEndPoint);
        return request;
    }
}
