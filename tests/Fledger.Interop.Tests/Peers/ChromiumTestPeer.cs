using System.Text.Json;
using System.Threading.Channels;
using Fledger.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace Fledger.Interop.Tests.Peers;

/// <summary>A Chromium <c>RTCPeerConnection</c> in its own page, driven through harness.js and fledgerWebRtc.js.</summary>
public sealed class ChromiumTestPeer : ITestPeer
{
    private readonly Channel<TestCandidate> _candidates = Channel.CreateUnbounded<TestCandidate>();
    private readonly IPage _page;

    private ChromiumTestPeer(IPage page) => _page = page;

    /// <inheritdoc />
    public string Kind => "chromium";

    /// <inheritdoc />
    public ChannelReader<TestCandidate> Candidates => _candidates.Reader;

    /// <summary>The page of this peer.</summary>
    public IPage Page => _page;

    /// <summary>Opens a fresh page of the fixture's Chromium and creates its peer connection.</summary>
    public static async Task<ChromiumTestPeer> CreateAsync(BrowserFixture fixture)
    {
        var peer = new ChromiumTestPeer(await fixture.OpenWebRtcPageAsync());
        await peer._page.ExposeFunctionAsync("fledgerSignal", (string json) =>
        {
            var candidate = JsonSerializer.Deserialize<TestCandidate>(json, JsonSerializerOptions.Web);
            if (candidate is not null)
            {
                peer._candidates.Writer.TryWrite(candidate);
            }
        });
        await peer.EvalAsync<int>("() => harness.createPeer()");
        return peer;
    }

    /// <inheritdoc />
    public async Task<string> CreateOfferAsync() =>
        (await EvalAsync<JsonElement>("() => harness.offer()")).GetProperty("sdp").GetString()!;

    /// <inheritdoc />
    public async Task<string> CreateAnswerAsync() =>
        (await EvalAsync<JsonElement>("() => harness.answer()")).GetProperty("sdp").GetString()!;

    /// <inheritdoc />
    public Task SetRemoteDescriptionAsync(bool offer, string sdp) =>
        EvalAsync<JsonElement?>("j => harness.setRemote(j)",
            JsonSerializer.Serialize(new { type = offer ? "offer" : "answer", sdp }));

    /// <inheritdoc />
    public Task AddCandidateAsync(TestCandidate candidate) =>
        EvalAsync<JsonElement?>("j => harness.addCandidate(j)", JsonSerializer.Serialize(candidate, JsonSerializerOptions.Web));

    /// <inheritdoc />
    public Task WaitConnectedAsync() => EvalAsync<string>("() => harness.waitConnected()");

    /// <inheritdoc />
    public async Task<ITestChannel> CreateChannelAsync(string label, int? negotiatedId = null)
    {
        object options = negotiatedId is null ? new { ordered = true } : new { negotiated = true, id = negotiatedId.Value };
        var info = await EvalAsync<JsonElement>("([l, o]) => harness.createChannel(l, o)", new object[] { label, options });
        return ToChannel(info);
    }

    /// <inheritdoc />
    public async Task<ITestChannel> WaitIncomingChannelAsync() =>
        ToChannel(await EvalAsync<JsonElement>("() => harness.waitIncoming()"));

    /// <inheritdoc />
    public async Task<TestStats> GetStatsAsync()
    {
        var s = await EvalAsync<JsonElement>("() => harness.stats()");
        return new TestStats(s.GetProperty("connectionState").GetString()!, NullableString(s, "localCandidateType"),
            NullableString(s, "remoteCandidateType"), s.GetProperty("bytesSent").GetInt64(), s.GetProperty("bytesReceived").GetInt64());
    }

    /// <inheritdoc />
    public Task CloseAsync() => EvalAsync<JsonElement?>("() => harness.closePeer()");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _candidates.Writer.TryComplete();
        await _page.Context.CloseAsync().WaitAsync(WebRtcPagePair.StepTimeout);
    }

    internal Task<T> EvalAsync<T>(string expression, object? arg = null) => WebRtcPagePair.EvalAsync<T>(_page, expression, arg);

    private static string? NullableString(JsonElement element, string name) =>
        element.GetProperty(name).ValueKind == JsonValueKind.String ? element.GetProperty(name).GetString() : null;

    private ChromiumTestChannel ToChannel(JsonElement info) =>
        new(this, info.GetProperty("handle").GetInt32(), info.GetProperty("label").GetString()!,
            info.GetProperty("id").ValueKind == JsonValueKind.Number ? info.GetProperty("id").GetInt32() : null);
}
