using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Playwright;

namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>
/// Two test pages, each with one peer connection through <c>fledgerWebRtc.js</c>. The test relays
/// the offer, the answer and every trickled candidate between them with EvaluateAsync.
/// </summary>
public sealed class WebRtcPagePair : IAsyncDisposable
{
    /// <summary>Bound for every single step of a test.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    private readonly Channel<string> _toAnswerer = Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private readonly Channel<string> _toOfferer = Channel.CreateUnbounded<string>(new() { SingleReader = true });
    private readonly ConcurrentQueue<string> _relayErrors = new();
    private Task _relays = Task.CompletedTask;

    private WebRtcPagePair(IPage offerer, IPage answerer)
    {
        Offerer = offerer;
        Answerer = answerer;
    }

    /// <summary>The page that created the channel and the offer.</summary>
    public IPage Offerer { get; }

    /// <summary>The page that answered and received the channel.</summary>
    public IPage Answerer { get; }

    /// <summary>The channel handle in the offerer's page.</summary>
    public int OffererChannel { get; private set; }

    /// <summary>The channel handle in the answerer's page.</summary>
    public int AnswererChannel { get; private set; }

    /// <summary>Errors from relaying candidates (expected empty).</summary>
    public IReadOnlyCollection<string> RelayErrors => _relayErrors;

    /// <summary>Opens two pages, connects their peers and waits until the channel is open on both.</summary>
    /// <param name="fixture">Chromium and the test site.</param>
    /// <param name="label">Channel label.</param>
    /// <param name="channelOptions">RTCDataChannelInit fields, or null for defaults.</param>
    public static async Task<WebRtcPagePair> ConnectAsync(BrowserFixture fixture, string label = "test",
        object? channelOptions = null)
    {
        var pair = new WebRtcPagePair(await fixture.OpenWebRtcPageAsync(), await fixture.OpenWebRtcPageAsync());
        await pair.Offerer.ExposeFunctionAsync("fledgerSignal", (string json) => pair._toAnswerer.Writer.TryWrite(json));
        await pair.Answerer.ExposeFunctionAsync("fledgerSignal", (string json) => pair._toOfferer.Writer.TryWrite(json));
        pair._relays = Task.WhenAll(pair.RelayAsync(pair._toAnswerer.Reader, pair.Answerer),
            pair.RelayAsync(pair._toOfferer.Reader, pair.Offerer));

        await EvalAsync<int>(pair.Offerer, "() => harness.createPeer()");
        await EvalAsync<int>(pair.Answerer, "() => harness.createPeer()");
        var info = await EvalAsync<JsonElement>(pair.Offerer, "([l, o]) => harness.createChannel(l, o)",
            new object?[] { label, channelOptions });
        pair.OffererChannel = info.GetProperty("handle").GetInt32();

        var offer = await EvalAsync<JsonElement>(pair.Offerer, "() => harness.offer()");
        await EvalAsync<JsonElement?>(pair.Answerer, "j => harness.setRemote(j)", offer.GetRawText());
        var answer = await EvalAsync<JsonElement>(pair.Answerer, "() => harness.answer()");
        await EvalAsync<JsonElement?>(pair.Offerer, "j => harness.setRemote(j)", answer.GetRawText());

        var incoming = await EvalAsync<JsonElement>(pair.Answerer, "() => harness.waitIncoming()");
        pair.AnswererChannel = incoming.GetProperty("handle").GetInt32();
        await EvalAsync<bool>(pair.Offerer, "h => harness.waitOpen(h)", pair.OffererChannel);
        await EvalAsync<bool>(pair.Answerer, "h => harness.waitOpen(h)", pair.AnswererChannel);
        return pair;
    }

    /// <summary>Evaluates a harness expression with a bounded wait.</summary>
    public static async Task<T> EvalAsync<T>(IPage page, string expression, object? arg = null) =>
        await page.EvaluateAsync<T>(expression, arg).WaitAsync(StepTimeout);

    /// <summary>Evaluates a harness expression and deserializes its result with web JSON defaults.</summary>
    public static async Task<T> EvalJsonAsync<T>(IPage page, string expression, object? arg = null)
    {
        var json = await EvalAsync<JsonElement>(page, expression, arg);
        return json.Deserialize<T>(JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"'{expression}' returned null.");
    }

    /// <summary>The local candidates a page gathered.</summary>
    public static Task<string[]> LocalCandidatesAsync(IPage page) =>
        EvalAsync<string[]>(page, "() => harness.localCandidates()");

    /// <summary>Closes both pages and stops relaying.</summary>
    public async ValueTask DisposeAsync()
    {
        _toAnswerer.Writer.TryComplete();
        _toOfferer.Writer.TryComplete();
        await Offerer.Context.CloseAsync();
        await Answerer.Context.CloseAsync();
        await _relays.WaitAsync(StepTimeout);
    }

    private async Task RelayAsync(ChannelReader<string> candidates, IPage to)
    {
        await foreach (var json in candidates.ReadAllAsync())
        {
            try
            {
                await EvalAsync<JsonElement?>(to, "j => harness.addCandidate(j)", json);
            }
            catch (PlaywrightException e)
            {
                // A page closing while candidates still trickle; tests assert none while connecting.
                _relayErrors.Enqueue(e.Message);
            }
        }
    }
}
