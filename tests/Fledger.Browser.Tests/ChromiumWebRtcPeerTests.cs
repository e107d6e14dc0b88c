using System.Buffers.Binary;
using Fledger.Browser.Tests.Infrastructure;
using Fledger.Net.WebRtc;

namespace Fledger.Browser.Tests;

/// <summary>
/// The IWebRtcPeer contract between two Chromium pages (ChromiumPeerHost): the harness other
/// implementations (the managed stack) connect to Chromium with.
/// </summary>
public sealed class ChromiumWebRtcPeerTests(MdnsOnBrowserFixture fixture) : IClassFixture<MdnsOnBrowserFixture>
{
    [Fact]
    public async Task Connect_ThroughRelayedPeerSetup_ReportsConnectedOnBothSides()
    {
        await using var hosts = await HostsAsync();
        await using var pair = await WebRtcPeerPair.ConnectAsync(hosts.A, hosts.B);

        Assert.Equal(262144, pair.Offerer.Peer.MaxMessageSize);
        Assert.Equal(262144, pair.Answerer.Peer.MaxMessageSize);
        Assert.Empty(pair.Offerer.RelayErrors);
        Assert.Empty(pair.Answerer.RelayErrors);
    }

    [Fact]
    public async Task Send_MessagesUpToMaxSize_ArriveIntactAndInOrderBothWays()
    {
        await using var hosts = await HostsAsync();
        await using var pair = await WebRtcPeerPair.ConnectAsync(hosts.A, hosts.B);

        foreach (var (from, to) in new[] { (pair.Offerer, pair.Answerer), (pair.Answerer, pair.Offerer) })
        {
            int[] sizes = [0, 1, 16 * 1024, 64 * 1024, from.Peer.MaxMessageSize];
            foreach (var size in sizes)
            {
                await from.Peer.SendAsync(Pattern(size), CancellationToken.None);
            }
            foreach (var size in sizes)
            {
                Assert.Equal(Pattern(size), (await to.ReceiveAsync()).ToArray());
            }
        }
        var index = new byte[4];
        for (var i = 0; i < 200; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(index, i);
            await pair.Offerer.Peer.SendAsync(index, CancellationToken.None);
        }
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(i, BinaryPrimitives.ReadInt32LittleEndian((await pair.Answerer.ReceiveAsync()).Span));
        }
    }

    [Fact]
    public async Task GetStats_AfterTraffic_MapsBrowserStatsToConnectionStats()
    {
        await using var hosts = await HostsAsync();
        await using var pair = await WebRtcPeerPair.ConnectAsync(hosts.A, hosts.B);
        await pair.Offerer.Peer.SendAsync(Pattern(1000), CancellationToken.None);
        await pair.Answerer.ReceiveAsync();

        var stats = await pair.Offerer.Peer.GetStatsAsync(CancellationToken.None);

        Assert.Equal(PeerConnectionState.Connected, stats.Connection);
        Assert.Equal(DtlsState.Connected, stats.Dtls);
        Assert.Equal(SctpState.Connected, stats.Sctp);
        Assert.Contains(stats.Ice, new[] { IceState.Connected, IceState.Completed });
        Assert.NotEqual(CandidateType.Unknown, stats.LocalCandidate);
        Assert.NotEqual(CandidateType.Unknown, stats.RemoteCandidate);
        Assert.True(stats.BytesSent >= 1000, $"sent {stats.BytesSent}");
        Assert.NotNull(stats.RoundTripTime);
    }

    [Fact]
    public async Task Dispose_OneSide_OtherSideReportsClosed()
    {
        await using var hosts = await HostsAsync();
        await using var pair = await WebRtcPeerPair.ConnectAsync(hosts.A, hosts.B);

        await pair.Answerer.Peer.DisposeAsync();

        Assert.Equal(PeerConnectionState.Closed, await pair.Offerer.Ended.Task.WaitAsync(WebRtcPagePair.StepTimeout));
    }

    private async Task<Hosts> HostsAsync() => new(
        await ChromiumPeerHost.OpenAsync(fixture.Chromium, fixture.Site),
        await ChromiumPeerHost.OpenAsync(fixture.Chromium, fixture.Site));

    private static byte[] Pattern(int size)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)((i * 13) + size);
        }
        return bytes;
    }

    private sealed record Hosts(ChromiumPeerHost A, ChromiumPeerHost B) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
        }
    }
}
