using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Fledger.WebRtc.Ice;
using Fledger.WebRtc.Stun;
using static Fledger.WebRtc.Tests.Ice.IceTestHarness;

namespace Fledger.WebRtc.Tests.Ice;

/// <summary>The agent against a hand-driven peer that behaves like Chromium with mDNS-hidden candidates.</summary>
public sealed class IceAgentResponderTests : IAsyncLifetime
{
    private const string PeerUfrag = "PeEr";
    private const string PeerPassword = "peerPasswordPeerPassword";
    private readonly Socket _peer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly IceAgent _agent = new(
        LoopbackOptions() with
        {
            ConsentInterval = TimeSpan.FromMilliseconds(100),
            // The hand-driven peer answers only the triggered check, so the agent counts consent silence from then
            // on; ConnectAsync's nomination must arrive before it turns Disconnected (which Completed does not follow
            // until consent recovers). 500 ms was within reach of a loaded machine's scheduling stalls.
            DisconnectedTimeout = TimeSpan.FromSeconds(2),
            ConsentTimeout = TimeSpan.FromSeconds(8),
        },
        IceRole.Controlled);
    private IPEndPoint _agentEndPoint = null!;
    private IPEndPoint _peerEndPoint = null!;

    public async Task InitializeAsync()
    {
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _peerEndPoint = (IPEndPoint)_peer.LocalEndPoint!;
        await _agent.StartGatheringAsync();
        _agentEndPoint = _agent.LocalEndPoint!;
        _agent.SetRemoteCredentials(PeerUfrag, PeerPassword);
    }

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _peer.Dispose();
    }

    [Fact]
    public async Task Agent_ChromiumStyleChecksWithoutCandidates_ConnectsViaPeerReflexiveAndCarriesData()
    {
        await ConnectAsync();
        var pair = _agent.SelectedPair;
        Assert.NotNull(pair);
        Assert.Equal(IceCandidateType.PeerReflexive, pair.RemoteType);
        Assert.Equal(IceCandidateType.Host, pair.LocalType);
        Assert.Equal(_peerEndPoint, pair.RemoteAddress);

        // DTLS-range datagrams flow both ways.
        var received = Channel.CreateUnbounded<byte[]>();
        _agent.Transport.SetReceiver(d => received.Writer.TryWrite(d.ToArray()));
        await _peer.SendToAsync(new byte[] { 22, 254, 253 }, SocketFlags.None, _agentEndPoint);
        Assert.Equal(new byte[] { 22, 254, 253 }, await received.Reader.ReadAsync().AsTask().WaitAsync(TestTimeout));
        await _agent.Transport.SendAsync(new byte[] { 23, 1 });
        var buffer = new byte[1500];
        while (true)
        {
            var result = await _peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(TestTimeout);
            if (buffer[0] == 23)
            {
                Assert.Equal(2, result.ReceivedBytes);
                break;
            }
        }
    }

    [Fact]
    public async Task Agent_TransportReceiverThrows_KeepsReceiving()
    {
        await ConnectAsync();
        var received = Channel.CreateUnbounded<byte[]>();
        var calls = 0;
        _agent.Transport.SetReceiver(d =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                throw new InvalidOperationException("receiver bug");
            }

            received.Writer.TryWrite(d.ToArray());
        });
        await _peer.SendToAsync(new byte[] { 22, 1 }, SocketFlags.None, _agentEndPoint);
        await _peer.SendToAsync(new byte[] { 22, 2 }, SocketFlags.None, _agentEndPoint);
        Assert.Equal(new byte[] { 22, 2 }, await received.Reader.ReadAsync().AsTask().WaitAsync(TestTimeout));
        Assert.Equal(StunClass.SuccessResponse, (await SendCheckAsync(useCandidate: true, includeChromiumExtra: false)).Class);
    }

    [Fact]
    public async Task Dispose_CalledFromTransportReceiver_ReturnsPromptlyAndCloses()
    {
        await ConnectAsync();
        var disposed = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        _agent.Transport.SetReceiver(_ =>
        {
            var stopwatch = System.Diagnostics.Stopwatch.StartNew();
            _agent.Dispose();
            disposed.TrySetResult(stopwatch.Elapsed);
        });
        await _peer.SendToAsync(new byte[] { 22, 1 }, SocketFlags.None, _agentEndPoint);
        // A self-deadlock would hit Dispose's 5 s wait for the receive loop; stay below that, with headroom for a
        // loaded machine (2 s was within reach of scheduling stalls).
        Assert.InRange(await disposed.Task.WaitAsync(TestTimeout), TimeSpan.Zero, TimeSpan.FromSeconds(4));
        Assert.Equal(IceConnectionState.Closed, _agent.State);
    }

    [Fact]
    public async Task Agent_MalformedOrUnauthenticatedRequests_AnswersWithTypedErrors()
    {
        var id = StunTransactionId.NewRandom();
        var buffer = new byte[256];

        var noIntegrity = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, id);
        noIntegrity.AddUsername($"{_agent.LocalUfrag}:{PeerUfrag}");
        noIntegrity.AddFingerprint();
        Assert.Equal(400, (await ExchangeAsync(noIntegrity.Written.ToArray(), id)).ErrorCode);

        id = StunTransactionId.NewRandom();
        var wrongUser = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, id);
        wrongUser.AddUsername($"nobody:{PeerUfrag}");
        wrongUser.AddMessageIntegrity(Encoding.UTF8.GetBytes(_agent.LocalPassword));
        wrongUser.AddFingerprint();
        Assert.Equal(401, (await ExchangeAsync(wrongUser.Written.ToArray(), id)).ErrorCode);

        id = StunTransactionId.NewRandom();
        var wrongKey = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, id);
        wrongKey.AddUsername($"{_agent.LocalUfrag}:{PeerUfrag}");
        wrongKey.AddMessageIntegrity(Encoding.UTF8.GetBytes(PeerPassword));
        wrongKey.AddFingerprint();
        Assert.Equal(401, (await ExchangeAsync(wrongKey.Written.ToArray(), id)).ErrorCode);

        id = StunTransactionId.NewRandom();
        var unknown = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, id);
        unknown.AddUsername($"{_agent.LocalUfrag}:{PeerUfrag}");
        unknown.AddAttribute(0x0077, [1, 2, 3, 4]);
        unknown.AddMessageIntegrity(Encoding.UTF8.GetBytes(_agent.LocalPassword));
        unknown.AddFingerprint();
        var unknownResponse = await ExchangeAsync(unknown.Written.ToArray(), id);
        Assert.Equal(420, unknownResponse.ErrorCode);
        Assert.Equal([(ushort)0x0077], unknownResponse.UnknownAttributes);

        Assert.Equal(4, _agent.GetStats().RequestsRejected);
        Assert.Null(_agent.SelectedPair);

        // DTLS-range datagrams from an address that never passed a check are dropped.
        var delivered = 0;
        _agent.Transport.SetReceiver(_ => Interlocked.Increment(ref delivered));
        var droppedBefore = _agent.GetStats().DatagramsDropped;
        await _peer.SendToAsync(new byte[] { 22, 1 }, SocketFlags.None, _agentEndPoint);
        // A following STUN exchange proves the datagram above was processed (single receive loop, in order).
        id = StunTransactionId.NewRandom();
        var probe = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, id);
        probe.AddFingerprint();
        Assert.Equal(400, (await ExchangeAsync(probe.Written.ToArray(), id)).ErrorCode);
        Assert.Equal(0, Volatile.Read(ref delivered));
        Assert.Equal(droppedBefore + 1, _agent.GetStats().DatagramsDropped);
    }

    /// <summary>Drives the agent to Completed like Chromium: checks without candidates, USE-CANDIDATE from the second on.</summary>
    private async Task ConnectAsync()
    {
        var completed = WaitForStateAsync(_agent, IceConnectionState.Completed);

        // Chromium's first check: USERNAME, ICE-CONTROLLING, PRIORITY, 0xC057, MESSAGE-INTEGRITY, FINGERPRINT.
        var first = await SendCheckAsync(useCandidate: false, includeChromiumExtra: true);
        Assert.Equal(StunClass.SuccessResponse, first.Class);
        Assert.Equal(_peerEndPoint, first.XorMappedAddress);
        Assert.True(first.HasFingerprint);

        // The agent answers with a triggered check towards the learned peer-reflexive address.
        var (check, raw) = await ReceiveAsync(m => m.Class == StunClass.Request);
        Assert.Equal($"{PeerUfrag}:{_agent.LocalUfrag}", check.Username);
        Assert.NotNull(check.IceControlled);
        Assert.NotNull(check.Priority);
        Assert.True(check.HasFingerprint);
        Assert.True(check.VerifyIntegrity(raw, Encoding.UTF8.GetBytes(PeerPassword)));
        await RespondAsync(check);
        Assert.Equal(IceConnectionState.Connected, await WaitForStateAsync(_agent, IceConnectionState.Connected, IceConnectionState.Completed));

        // From the second check on Chromium adds USE-CANDIDATE: aggressive acceptance nominates the pair.
        var second = await SendCheckAsync(useCandidate: true, includeChromiumExtra: true);
        Assert.Equal(StunClass.SuccessResponse, second.Class);
        await completed;
    }

    [Fact]
    public async Task Agent_ConsentUnansweredThenAnswered_GoesDisconnectedAndRecovers()
    {
        await ConnectAsync();
        var states = new System.Collections.Concurrent.ConcurrentQueue<IceConnectionState>();
        _agent.StateChanged += (_, s) => states.Enqueue(s);

        // Leave the agent's consent checks unanswered (they queue in the peer socket).
        await WaitForStateAsync(_agent, IceConnectionState.Disconnected);
        var recovered = WaitForStateAsync(_agent, IceConnectionState.Completed);
        for (var i = 0; i < 200 && !recovered.IsCompleted; i++)
        {
            var (request, _) = await ReceiveAsync(m => m.Class == StunClass.Request);
            await RespondAsync(request);
        }

        Assert.Equal(IceConnectionState.Completed, await recovered);
        // (Unanswered again afterwards, it may already be heading for the next Disconnected.)
        Assert.Equal([IceConnectionState.Disconnected, IceConnectionState.Completed], states.ToArray()[..2]);
    }

    private async Task<StunMessage> SendCheckAsync(bool useCandidate, bool includeChromiumExtra)
    {
        var id = StunTransactionId.NewRandom();
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunClass.Request, StunMethod.Binding, id);
        writer.AddUsername($"{_agent.LocalUfrag}:{PeerUfrag}");
        writer.AddIceControlling(ulong.MaxValue);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddPriority(IceCandidate.ComputePriority(IceCandidateType.PeerReflexive, 30000));
        if (includeChromiumExtra)
        {
            writer.AddAttribute(0xC057, [0, 1, 0, 10]);
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(_agent.LocalPassword));
        writer.AddFingerprint();
        var response = await ExchangeAsync(writer.Written.ToArray(), id);
        Assert.True(response.HasIntegrity);
        return response;
    }

    private async Task<StunMessage> ExchangeAsync(byte[] request, StunTransactionId id)
    {
        await _peer.SendToAsync(request, SocketFlags.None, _agentEndPoint);
        var (response, _) = await ReceiveAsync(m => m.TransactionId == id && m.Class != StunClass.Request);
        return response;
    }

    private async Task RespondAsync(StunMessage request)
    {
        var buffer = new byte[256];
        var writer = new StunWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId);
        writer.AddXorMappedAddress(_agentEndPoint.Address, _agentEndPoint.Port);
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(PeerPassword));
        writer.AddFingerprint();
        await _peer.SendToAsync(writer.Written.ToArray(), SocketFlags.None, _agentEndPoint);
    }

    /// <summary>Reads STUN datagrams from the agent until one matches (bounded by count and time).</summary>
    private async Task<(StunMessage Message, byte[] Raw)> ReceiveAsync(Func<StunMessage, bool> match)
    {
        var buffer = new byte[1500];
        for (var i = 0; i < 200; i++)
        {
            var result = await _peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(TestTimeout);
            var raw = buffer.AsSpan(0, result.ReceivedBytes).ToArray();
            if (StunMessage.TryParse(raw, out var message) == StunParseError.None && match(message!))
            {
                return (message!, raw);
            }
        }

        throw new InvalidOperationException("No matching STUN message within 200 datagrams.");
    }
}
