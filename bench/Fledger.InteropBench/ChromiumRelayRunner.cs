using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Playwright;

namespace Fledger.InteropBench;

/// <summary>
/// Chromium ↔ Chromium across two pages, signaling relayed through this process exactly like the managed rows: one
/// evaluation per description (the answering page creates its peer in it), candidates pushed to .NET through the
/// binding and handed to the other page in order, nothing waited for. Chromium trickles its candidates (its offer and
/// answer carry none), so they cross the relay too. Shows what the relay itself costs a browser pair.
/// </summary>
internal sealed class ChromiumRelayRunner(IPage offerer, PageSignals offererSignals, IPage answerer, PageSignals answererSignals)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Each measured setup: from the offering page creating its peer until the channel is open in both pages, and the
    /// descriptions' transit through the relay inside it (offer: offering page returns it → answering page receives it;
    /// answer: the same back; page clocks only). Chromium's trickled candidates cross the relay too and are not subtracted.
    /// </summary>
    public async Task<IReadOnlyList<SetupTime>> SetupsAsync(int runs)
    {
        await SetupAsync();
        var setups = new SetupTime[runs];
        for (var i = 0; i < runs; i++)
        {
            setups[i] = await SetupAsync();
        }

        return setups;
    }

    private async Task<SetupTime> SetupAsync()
    {
        var offerLink = offererSignals.Open();
        var answerLink = answererSignals.Open();
        var toAnswerer = new Relay(answerer);
        var toOfferer = new Relay(offerer);
        int offerPeer = 0, answerPeer = 0;
        try
        {
            var offer = await offerer.EvaluateAsync<JsonElement>("l => ib.offer(l)", offerLink).WaitAsync(StepTimeout);
            offerPeer = offer.GetProperty("peer").GetInt32();
            toOfferer.Peer = offerPeer;
            answererSignals.Attach(answerLink, toOfferer.Push);
            var answer = await answerer.EvaluateAsync<JsonElement>("a => ib.answerOffer(a)", new object[] { answerLink, offer.GetProperty("sdp").GetString()! })
                .WaitAsync(StepTimeout);
            answerPeer = answer.GetProperty("peer").GetInt32();
            toAnswerer.Peer = answerPeer;
            offererSignals.Attach(offerLink, toAnswerer.Push);
            var answered = await offerer.EvaluateAsync<JsonElement>(
                "a => ib.answered(a)", new object[] { offerPeer, offer.GetProperty("channel").GetInt32(), answer.GetProperty("sdp").GetString()! })
                .WaitAsync(StepTimeout);
            var incoming = await answerer.EvaluateAsync<JsonElement>("p => ib.waitIncomingOpen(p)", answerPeer).WaitAsync(StepTimeout);
            var total = Math.Max(answered.GetProperty("openedAt").GetDouble(), incoming.GetProperty("openedAt").GetDouble()) - offer.GetProperty("start").GetDouble();
            var signaling = (answer.GetProperty("received").GetDouble() - offer.GetProperty("returned").GetDouble())
                + (answered.GetProperty("received").GetDouble() - answer.GetProperty("returned").GetDouble());
            return new SetupTime(TimeSpan.FromMilliseconds(total), TimeSpan.FromMilliseconds(signaling));
        }
        finally
        {
            offererSignals.Close(offerLink);
            answererSignals.Close(answerLink);
            await toAnswerer.CompleteAsync();
            await toOfferer.CompleteAsync();
            if (offerPeer != 0)
            {
                await offerer.EvaluateAsync("p => ib.closePeer(p)", offerPeer);
            }

            if (answerPeer != 0)
            {
                await answerer.EvaluateAsync("p => ib.closePeer(p)", answerPeer);
            }
        }
    }

    /// <summary>Hands candidates to one page's peer in arrival order, one evaluation each, without blocking the pusher.</summary>
    private sealed class Relay
    {
        private readonly IPage _page;
        private readonly Channel<string> _queue = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Task _run;

        public Relay(IPage page)
        {
            _page = page;
            _run = RunAsync();
        }

        public int Peer { get; set; }

        public void Push(string json) => _queue.Writer.TryWrite(json);

        public async Task CompleteAsync()
        {
            _queue.Writer.TryComplete();
            await _run.WaitAsync(StepTimeout);
        }

        private async Task RunAsync()
        {
            await foreach (var json in _queue.Reader.ReadAllAsync())
            {
                try
                {
                    await _page.EvaluateAsync("a => ib.addCandidate(a)", new object[] { Peer, json }).WaitAsync(StepTimeout);
                }
                catch (PlaywrightException)
                {
                    // The peer closed while candidates still trickled.
                }
            }
        }
    }
}
