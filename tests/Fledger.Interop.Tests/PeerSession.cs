using System.Collections.Concurrent;
using Fledger.Browser.Tests.Infrastructure;
using Fledger.Interop.Tests.Peers;

namespace Fledger.Interop.Tests;

/// <summary>
/// Two connected test peers: the harness relays the offer, the answer and every trickled candidate
/// (both ways, from the start: candidates may arrive before the remote description), and the offerer's
/// first channel ("boot", DCEP) is open on both sides.
/// </summary>
public sealed class PeerSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _offererCandidates = new();
    private readonly ConcurrentQueue<string> _answererCandidates = new();
    private readonly ConcurrentQueue<string> _relayErrors = new();
    private Task _relays = Task.CompletedTask;

    private PeerSession(ITestPeer offerer, ITestPeer answerer)
    {
        Offerer = offerer;
        Answerer = answerer;
    }

    /// <summary>The side that created the offer and the boot channel.</summary>
    public ITestPeer Offerer { get; }

    /// <summary>The side that answered.</summary>
    public ITestPeer Answerer { get; }

    /// <summary>The boot channel at the offerer.</summary>
    public ITestChannel OffererChannel { get; private set; } = null!;

    /// <summary>The boot channel at the answerer.</summary>
    public ITestChannel AnswererChannel { get; private set; } = null!;

    /// <summary>Candidates the offerer trickled.</summary>
    public IReadOnlyCollection<string> OffererCandidates => _offererCandidates;

    /// <summary>Candidates the answerer trickled.</summary>
    public IReadOnlyCollection<string> AnswererCandidates => _answererCandidates;

    /// <summary>Errors while relaying candidates (expected empty while connecting).</summary>
    public IReadOnlyCollection<string> RelayErrors => _relayErrors;

    /// <summary>Negotiates and connects two peers, then waits for the boot channel to open on both.</summary>
    public static async Task<PeerSession> ConnectAsync(ITestPeer offerer, ITestPeer answerer)
    {
        var session = new PeerSession(offerer, answerer);
        try
        {
            await session.ConnectCoreAsync();
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Closes both peers and stops relaying.</summary>
    public async ValueTask DisposeAsync()
    {
        await Offerer.DisposeAsync();
        await Answerer.DisposeAsync();
        await _relays.WaitAsync(WebRtcPagePair.StepTimeout);
    }

    private async Task ConnectCoreAsync()
    {
        _relays = Task.WhenAll(
            RelayAsync(Offerer, Answerer, _offererCandidates),
            RelayAsync(Answerer, Offerer, _answererCandidates));

        // Chromium puts no m=application line in an offer without a channel; the managed side queues it.
        var boot = Offerer.CreateChannelAsync("boot");
        var offer = await Offerer.CreateOfferAsync();
        await Answerer.SetRemoteDescriptionAsync(offer: true, offer);
        var answer = await Answerer.CreateAnswerAsync();
        await Offerer.SetRemoteDescriptionAsync(offer: false, answer);

        await Task.WhenAll(Offerer.WaitConnectedAsync(), Answerer.WaitConnectedAsync()).WaitAsync(WebRtcPagePair.StepTimeout);
        OffererChannel = await boot.WaitAsync(WebRtcPagePair.StepTimeout);
        AnswererChannel = await Answerer.WaitIncomingChannelAsync();
        await Task.WhenAll(OffererChannel.WaitOpenAsync(), AnswererChannel.WaitOpenAsync()).WaitAsync(WebRtcPagePair.StepTimeout);
    }

    private async Task RelayAsync(ITestPeer from, ITestPeer to, ConcurrentQueue<string> record)
    {
        await foreach (var candidate in from.Candidates.ReadAllAsync())
        {
            record.Enqueue(candidate.Candidate);
            try
            {
                await to.AddCandidateAsync(candidate).WaitAsync(WebRtcPagePair.StepTimeout);
            }
            catch (Exception e) when (e is Microsoft.Playwright.PlaywrightException or ObjectDisposedException or InvalidOperationException)
            {
                // A peer closing while candidates still trickle; tests assert none while connecting.
                _relayErrors.Enqueue(e.Message);
            }
        }
    }
}
