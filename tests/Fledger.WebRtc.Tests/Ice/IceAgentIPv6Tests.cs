using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Fledger.WebRtc.Ice;
using static Fledger.WebRtc.Tests.Ice.IceTestHarness;

namespace Fledger.WebRtc.Tests.Ice;

public sealed class IceAgentIPv6Tests
{
    [Fact]
    public async Task Agents_IPv6LoopbackOnly_ConnectOverIPv6()
    {
        var options = LoopbackOptions() with
        {
            IncludeIPv6 = true,
            InterfaceFilter = (_, address) => address.Equals(IPAddress.IPv6Loopback),
        };
        var (a, b) = await ConnectAsync(options);
        await using var _a = a;
        await using var _b = b;

        var candidate = Assert.Single(a.LocalCandidates);
        Assert.Equal("::1", candidate.Address);
        Assert.Equal(AddressFamily.InterNetworkV6, a.SelectedPair!.RemoteAddress.AddressFamily);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, b.LocalEndPoint!.Port), a.SelectedPair.RemoteAddress);
        await AssertDataFlowsAsync(a, b);
    }

    [Fact]
    public async Task Agents_DualStackLoopback_GatherBothFamiliesAndConnect()
    {
        var options = LoopbackOptions() with
        {
            IncludeIPv6 = true,
            InterfaceFilter = (_, address) => IPAddress.IsLoopback(address),
        };
        var (a, b) = await ConnectAsync(options);
        await using var _a = a;
        await using var _b = b;

        Assert.Equal(["127.0.0.1", "::1"], a.LocalCandidates.Select(c => c.Address).Order(StringComparer.Ordinal));
        var remote = a.SelectedPair!.RemoteAddress;
        Assert.False(remote.Address.IsIPv4MappedToIPv6);
        Assert.True(IPAddress.IsLoopback(remote.Address));
        Assert.Equal(b.LocalCandidates[0].Port, remote.Port);
        await AssertDataFlowsAsync(a, b);
    }

    private static async Task<(IceAgent A, IceAgent B)> ConnectAsync(IceOptions options)
    {
        var a = new IceAgent(options, IceRole.Controlling);
        var b = new IceAgent(options, IceRole.Controlled);
        TrickleCandidates(a, b);
        TrickleCandidates(b, a);
        var done = Task.WhenAll(WaitForStateAsync(a, IceConnectionState.Completed), WaitForStateAsync(b, IceConnectionState.Completed));
        ExchangeCredentials(a, b);
        await a.StartGatheringAsync();
        await b.StartGatheringAsync();
        await done;
        return (a, b);
    }

    private static async Task AssertDataFlowsAsync(IceAgent a, IceAgent b)
    {
        var toB = Channel.CreateUnbounded<byte[]>();
        var toA = Channel.CreateUnbounded<byte[]>();
        b.Transport.SetReceiver(d => toB.Writer.TryWrite(d.ToArray()));
        a.Transport.SetReceiver(d => toA.Writer.TryWrite(d.ToArray()));
        await a.Transport.SendAsync(new byte[] { 22, 6 });
        Assert.Equal(new byte[] { 22, 6 }, await toB.Reader.ReadAsync().AsTask().WaitAsync(TestTimeout));
        await b.Transport.SendAsync(new byte[] { 23, 6 });
        Assert.Equal(new byte[] { 23, 6 }, await toA.Reader.ReadAsync().AsTask().WaitAsync(TestTimeout));
    }
}
