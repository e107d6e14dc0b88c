using System.Text.Json;
using Fledger.Browser.Tests.Infrastructure;
using static Fledger.Browser.Tests.Infrastructure.WebRtcPagePair;

namespace Fledger.Browser.Tests;

/// <summary>
/// fledgerWebRtc.js between two Chromium pages, the test relaying signaling. Runs once with mDNS
/// host candidates and once with raw IP candidates (see the subclasses).
/// </summary>
public abstract class WebRtcModuleTests(BrowserFixture fixture)
{
    private static readonly int[] Sizes = [0, 1, 16 * 1024, 64 * 1024, 256 * 1024];
    private static readonly string[] CandidateTypes = ["host", "srflx", "prflx", "relay"];

    /// <summary>True when host candidates are expected as <c>.local</c> names.</summary>
    protected abstract bool ExpectMdnsCandidates { get; }

    [Fact]
    public async Task DataChannel_AfterRelayedOfferAnswerAndCandidates_OpensOnBothSides()
    {
        await using var pair = await ConnectAsync(fixture, "open-test");

        Assert.Equal("open", await EvalAsync<string>(pair.Offerer, "h => harness.state(h)", pair.OffererChannel));
        Assert.Equal("open", await EvalAsync<string>(pair.Answerer, "h => harness.state(h)", pair.AnswererChannel));
        var incoming = await EvalAsync<JsonElement>(pair.Answerer, "() => harness.waitIncoming()");
        Assert.Equal("open-test", incoming.GetProperty("label").GetString());
        Assert.Empty(pair.RelayErrors);
    }

    [Fact]
    public async Task LocalCandidates_WithLaunchFlags_AreMdnsNamesOrRawAddresses()
    {
        await using var pair = await ConnectAsync(fixture);

        var candidates = await LocalCandidatesAsync(pair.Offerer);
        var hosts = candidates.Where(c => c.Contains(" typ host", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(hosts);
        foreach (var host in hosts)
        {
            var address = host.Split(' ')[4];
            if (ExpectMdnsCandidates)
            {
                Assert.EndsWith(".local", address, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal("10.200.0.1", address);
            }
        }
    }

    [Fact]
    public async Task Messages_TextAndBinaryOfEverySize_ArriveIntactInBothDirections()
    {
        await using var pair = await ConnectAsync(fixture);

        await SendAndVerifyAsync(pair.Offerer, pair.OffererChannel, pair.Answerer, pair.AnswererChannel, seed: 3);
        await SendAndVerifyAsync(pair.Answerer, pair.AnswererChannel, pair.Offerer, pair.OffererChannel, seed: 11);
    }

    [Fact]
    public async Task OrderedChannel_ThousandMessages_ArriveInOrder()
    {
        const int count = 1000;
        await using var pair = await ConnectAsync(fixture, "ordered", new { ordered = true });

        await EvalAsync<int>(pair.Offerer, "([h, n]) => harness.sendTexts(h, n, 'm')", new object[] { pair.OffererChannel, count });
        var received = await EvalJsonAsync<Received[]>(pair.Answerer, "([h, n]) => harness.waitMessages(h, n)",
            new object[] { pair.AnswererChannel, count });

        Assert.Equal(Enumerable.Range(0, count).Select(i => $"m{i}"), received.Select(r => r.Text));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Close_FromEitherSide_IsSeenByBoth(bool offererCloses)
    {
        await using var pair = await ConnectAsync(fixture);
        var (closer, closerChannel) = offererCloses ? (pair.Offerer, pair.OffererChannel) : (pair.Answerer, pair.AnswererChannel);

        await EvalAsync<JsonElement?>(closer, "h => harness.close(h)", closerChannel);

        Assert.True(await EvalAsync<bool>(pair.Offerer, "h => harness.waitClosed(h)", pair.OffererChannel));
        Assert.True(await EvalAsync<bool>(pair.Answerer, "h => harness.waitClosed(h)", pair.AnswererChannel));
        Assert.Equal("closed", await EvalAsync<string>(pair.Offerer, "h => harness.state(h)", pair.OffererChannel));
        Assert.Equal("closed", await EvalAsync<string>(pair.Answerer, "h => harness.state(h)", pair.AnswererChannel));
    }

    [Fact]
    public async Task Stats_AfterTraffic_ReportCandidateTypesBytesAndRtt()
    {
        await using var pair = await ConnectAsync(fixture);
        await EvalAsync<long>(pair.Offerer, "([h]) => harness.sendPattern(h, 'binary', 65536, 1)", new object[] { pair.OffererChannel });
        await EvalJsonAsync<Received[]>(pair.Answerer, "([h]) => harness.waitMessages(h, 1)", new object[] { pair.AnswererChannel });

        foreach (var page in new[] { pair.Offerer, pair.Answerer })
        {
            // Chromium updates its transport states asynchronously, so one can still lag right after the first
            // message: wait (bounded by StepTimeout, not a fixed number of polls: a loaded CI machine lags by seconds)
            // for the transports to report connected, then check everything.
            var stats = await EvalJsonAsync<Stats>(page, "() => harness.stats()");
            var deadline = DateTime.UtcNow + StepTimeout;
            while ((stats.SctpState != "connected" || stats.DtlsState != "connected" || stats.ConnectionState != "connected") && DateTime.UtcNow < deadline)
            {
                await page.WaitForTimeoutAsync(100);
                stats = await EvalJsonAsync<Stats>(page, "() => harness.stats()");
            }

            Assert.Equal("connected", stats.ConnectionState);
            Assert.Equal("connected", stats.DtlsState);
            Assert.Equal("connected", stats.SctpState);
            Assert.Contains(stats.IceState, new[] { "connected", "completed" });
            Assert.Contains(stats.LocalCandidateType, CandidateTypes);
            Assert.Contains(stats.RemoteCandidateType, CandidateTypes);
            Assert.True(stats.BytesSent > 0, $"bytesSent {stats.BytesSent}");
            Assert.True(stats.BytesReceived > 0, $"bytesReceived {stats.BytesReceived}");
            Assert.True(stats.CurrentRoundTripTimeMs is >= 0, $"rtt {stats.CurrentRoundTripTimeMs}");
        }
        var offererStats = await EvalJsonAsync<Stats>(pair.Offerer, "() => harness.stats()");
        Assert.True(offererStats.BytesSent >= 65536, $"bytesSent {offererStats.BytesSent}");
        Assert.True(offererStats.ChannelBytesSent >= 65536, $"channelBytesSent {offererStats.ChannelBytesSent}");
    }

    [Fact]
    public async Task NegotiatedPartiallyReliableChannel_WithOptions_ReportsThemAndOpens()
    {
        await using var pair = await ConnectAsync(fixture, "unordered", new { ordered = false, maxRetransmits = 2 });

        var info = await EvalAsync<JsonElement>(pair.Answerer, "() => harness.waitIncoming()");
        Assert.False(info.GetProperty("ordered").GetBoolean());
        Assert.Equal(2, info.GetProperty("maxRetransmits").GetInt32());
        var negotiated = await EvalAsync<JsonElement>(pair.Offerer,
            "() => harness.createChannel('pre', { negotiated: true, id: 42, maxPacketLifeTime: 500 })");
        await EvalAsync<JsonElement>(pair.Answerer, "() => harness.createChannel('pre', { negotiated: true, id: 42 })");
        Assert.True(negotiated.GetProperty("negotiated").GetBoolean());
        Assert.Equal(42, negotiated.GetProperty("id").GetInt32());
        Assert.Equal(500, negotiated.GetProperty("maxPacketLifeTime").GetInt32());
        Assert.True(await EvalAsync<bool>(pair.Offerer, "h => harness.waitOpen(h)", negotiated.GetProperty("handle").GetInt32()));
    }

    private static async Task SendAndVerifyAsync(Microsoft.Playwright.IPage from, int fromChannel,
        Microsoft.Playwright.IPage to, int toChannel, int seed)
    {
        await EvalAsync<JsonElement?>(to, "h => harness.clearMessages(h)", toChannel);
        var expected = new List<Received>();
        foreach (var kind in new[] { "text", "binary" })
        {
            foreach (var size in Sizes)
            {
                await EvalAsync<long>(from, "([h, k, s, seed]) => harness.sendPattern(h, k, s, seed)",
                    new object[] { fromChannel, kind, size, seed + size });
                var checksum = kind == "text" ? Pattern.TextChecksum(size, seed + size) : Pattern.BinaryChecksum(size, seed + size);
                expected.Add(new Received(kind, size, checksum, null));
            }
        }

        var received = await EvalJsonAsync<Received[]>(to, "([h, n]) => harness.waitMessages(h, n)",
            new object[] { toChannel, expected.Count });

        Assert.Equal(expected.Select(e => (e.Kind, e.Length, e.Checksum)), received.Select(r => (r.Kind, r.Length, r.Checksum)));
    }

    /// <summary>A message summary from harness.js.</summary>
    public sealed record Received(string Kind, int Length, uint Checksum, string? Text);

    /// <summary>The module's getStats() result.</summary>
    public sealed record Stats(string ConnectionState, string IceState, string DtlsState, string SctpState,
        long ChannelBytesSent, long ChannelBytesReceived, string? LocalCandidateType, string? RemoteCandidateType,
        string? LocalAddress, string? RemoteAddress, long BytesSent, long BytesReceived, double? CurrentRoundTripTimeMs);
}
