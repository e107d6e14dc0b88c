using System.Net;
using System.Net.Sockets;
using System.Text;
using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Ice;
using Fledger.WebRtc.PeerConnection;
using Fledger.WebRtc.Stun;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Tests.PeerConnection;

/// <summary>
/// The managed offerer is the DTLS server. A browser answerer starts DTLS as soon as its own check succeeds, so its
/// ClientHello usually arrives before the offerer's check (sent only once the answer's credentials are known) is
/// answered, often even before the answer itself. The offerer answers that ClientHello at once instead of holding it
/// until its own check succeeds, and before the answer it checks the client's certificate once the answer is there.
/// Here a hand-driven peer sends one authenticated check and then a ClientHello, and never answers the offerer's checks.
/// </summary>
public sealed class DtlsServerEarlyStartTests : IAsyncLifetime
{
    private const string PeerUfrag = "PeEr";
    private const string PeerPassword = "peerPasswordPeerPassword";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly Socket _peer = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly RtcPeerConnection _offerer = new(new RtcConfiguration { LoopbackOnly = true });

    /// <summary>Binds the hand-driven peer's socket.</summary>
    public Task InitializeAsync()
    {
        _peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ClientHello_FromAuthenticatedSourceBeforeOwnCheckSucceeds_ServerHandshakeCompletes()
    {
        var offerer = await NegotiateAsync(answerSetup: "active");

        // An authenticated check from the peer: answered, and its source becomes a peer-reflexive candidate.
        Assert.Equal(StunClass.SuccessResponse, await SendCheckAsync(offerer.EndPoint, offerer.Ufrag, offerer.Password));

        var serverConnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _offerer.DtlsStateChanged += state =>
        {
            if (state == DtlsTransportState.Connected)
            {
                serverConnected.TrySetResult();
            }
        };
        await using var lower = new PeerSocketTransport(_peer, offerer.EndPoint);
        await using var client = new DtlsTransport(lower, DtlsRole.Client, DtlsCertificate.Shared, DtlsCertificate.Shared.Fingerprint);
        Assert.Equal(DtlsTransportState.Connected, await client.StartAsync().WaitAsync(Timeout));

        // The server marks itself connected right after sending its last flight, which the client may finish first.
        await serverConnected.Task.WaitAsync(Timeout);

        // The offerer's own checks were never answered: ICE is still checking, yet its DTLS server ran the handshake.
        Assert.Equal(IceConnectionState.Checking, _offerer.IceConnectionState);
        Assert.Null(_offerer.SetupTimings.IceConnected);
        Assert.NotNull(_offerer.SetupTimings.DtlsConnected);
        Assert.True(lower.StunRequestsSeen > 0, "the offerer kept checking the peer meanwhile");
    }

    [Fact]
    public async Task ClientHello_BeforeTheAnswer_ServerAnswersAtOnceAndCompletesWithTheAnswer()
    {
        // The ServerHello flight comes back with no answer applied yet...
        await using var early = await ClientHelloBeforeTheAnswerAsync();
        Assert.Null(_offerer.SetupTimings.RemoteDescriptionSet);
        Assert.NotNull(_offerer.SetupTimings.DtlsStarted);
        // ...but the server's Finished waits for the answer's fingerprint to check the client's certificate.
        Assert.False(early.Handshake.IsCompleted);

        await AnswerAsync(DtlsCertificate.Shared.Fingerprint);
        Assert.Equal(DtlsTransportState.Connected, await early.Handshake.WaitAsync(Timeout));
        Assert.Equal(DtlsCertificate.Shared.Fingerprint, early.Client.RemoteFingerprint);
    }

    [Fact]
    public async Task ClientHello_BeforeAnAnswerWithAnotherFingerprint_HandshakeFails()
    {
        await using var early = await ClientHelloBeforeTheAnswerAsync();

        await AnswerAsync(DtlsCertificate.Generate(TimeProvider.System).Fingerprint);
        Assert.Equal(DtlsTransportState.Failed, await early.Handshake.WaitAsync(Timeout));
        Assert.Null(_offerer.SetupTimings.DtlsConnected);
    }

    [Fact]
    public async Task StunCheck_AloneAsDtlsClient_SendsNoClientHelloBeforeOwnCheckSucceeds()
    {
        // The offerer made DTLS client by a passive answer: a client never sends first on an unvalidated pair
        // (RFC 7675 consent), however authenticated the peer's check was.
        var offerer = await NegotiateAsync(answerSetup: "passive");
        Assert.Equal(StunClass.SuccessResponse, await SendCheckAsync(offerer.EndPoint, offerer.Ufrag, offerer.Password));

        await using var lower = new PeerSocketTransport(_peer, offerer.EndPoint);
        var dtls = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lower.SetReceiver(_ => dtls.TrySetResult());
        // Bounded by the offerer's retransmitted checks: by the third check nothing but STUN has arrived.
        await lower.WaitForStunRequestsAsync(3).WaitAsync(Timeout);
        Assert.False(dtls.Task.IsCompleted);
        Assert.Null(_offerer.SetupTimings.DtlsStarted);
    }

    /// <summary>Disposes the offerer and the socket (xunit 2 calls this, not <see cref="IAsyncDisposable"/>).</summary>
    public async Task DisposeAsync()
    {
        await _offerer.DisposeAsync();
        _peer.Dispose();
    }

    /// <summary>
    /// Offers, authenticates the peer's socket with one check and starts a DTLS client there, before any answer: returns
    /// once the offerer's DTLS server has sent its first flight back.
    /// </summary>
    private async Task<EarlyClient> ClientHelloBeforeTheAnswerAsync()
    {
        var offerer = await OfferAsync();
        Assert.Equal(StunClass.SuccessResponse, await SendCheckAsync(offerer.EndPoint, offerer.Ufrag, offerer.Password));

        var lower = new PeerSocketTransport(_peer, offerer.EndPoint);
        var client = new DtlsTransport(lower, DtlsRole.Client, DtlsCertificate.Shared, DtlsCertificate.Shared.Fingerprint);
        var early = new EarlyClient(lower, client, client.StartAsync());
        await lower.WaitForDtlsAsync(1).WaitAsync(Timeout);
        return early;
    }

    private async Task<(IPEndPoint EndPoint, string Ufrag, string Password)> NegotiateAsync(string answerSetup)
    {
        var offerer = await OfferAsync();
        await AnswerAsync(DtlsCertificate.Shared.Fingerprint, answerSetup);
        return offerer;
    }

    private async Task<(IPEndPoint EndPoint, string Ufrag, string Password)> OfferAsync()
    {
        var offer = await _offerer.CreateOfferAsync();
        Assert.Null(await _offerer.SetLocalDescriptionAsync(offer));
        var sdp = _offerer.LocalDescription!.Sdp;
        var ufrag = Attribute(sdp, "a=ice-ufrag:");
        var password = Attribute(sdp, "a=ice-pwd:");
        var candidate = Attribute(sdp, "a=candidate:").Split(' ');
        var endPoint = new IPEndPoint(IPAddress.Parse(candidate[4]), int.Parse(candidate[5], System.Globalization.CultureInfo.InvariantCulture));
        return (endPoint, ufrag, password);
    }

    /// <summary>Applies the peer's answer (no candidates: the offerer learns the peer from its check).</summary>
    private async Task AnswerAsync(DtlsFingerprint fingerprint, string answerSetup = "active")
    {
        var answer = string.Join("\r\n",
            "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0", "a=group:BUNDLE 0",
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0",
            $"a=ice-ufrag:{PeerUfrag}", $"a=ice-pwd:{PeerPassword}", "a=ice-options:trickle",
            $"a=fingerprint:{fingerprint}", $"a=setup:{answerSetup}", "a=mid:0",
            "a=sctp-port:5000", "a=max-message-size:262144", string.Empty);
        Assert.Null(await _offerer.SetRemoteDescriptionAsync(new RtcSessionDescription(RtcSdpType.Answer, answer)));
    }

    private static string Attribute(string sdp, string prefix) =>
        sdp.Split("\r\n").First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];

    /// <summary>One Binding request as the ICE-controlled browser sends it; returns the class of the matching answer.</summary>
    private async Task<StunClass> SendCheckAsync(IPEndPoint target, string ufrag, string password)
    {
        var id = StunTransactionId.NewRandom();
        var writer = new StunWriter(new byte[256], StunClass.Request, StunMethod.Binding, id);
        writer.AddUsername($"{ufrag}:{PeerUfrag}");
        writer.AddIceControlled(1);
        writer.AddPriority(IceCandidate.ComputePriority(IceCandidateType.Host, 30000));
        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        writer.AddFingerprint();
        await _peer.SendToAsync(writer.Written.ToArray(), SocketFlags.None, target);
        var buffer = new byte[1500];
        for (var i = 0; i < 50; i++)
        {
            var result = await _peer.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0)).WaitAsync(Timeout);
            if (StunMessage.TryParse(buffer.AsSpan(0, result.ReceivedBytes), out var message) == StunParseError.None
                && message!.TransactionId == id && message.Class != StunClass.Request)
            {
                return message.Class;
            }
        }

        throw new InvalidOperationException("No answer to the check within 50 datagrams.");
    }

    /// <summary>The peer's socket as a DTLS lower transport: DTLS datagrams (counted) to the receiver, STUN requests counted and left unanswered.</summary>
    /// <summary>A DTLS client on the peer's socket whose handshake started before the answer.</summary>
    private sealed record EarlyClient(PeerSocketTransport Lower, DtlsTransport Client, Task<DtlsTransportState> Handshake) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Lower.DisposeAsync();
        }
    }

    private sealed class PeerSocketTransport : IDatagramTransport, IAsyncDisposable
    {
        private readonly Socket _socket;
        private readonly IPEndPoint _target;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private readonly Lock _gate = new();
        private DatagramReceiver? _receiver;
        private int _stunRequests;
        private int _dtlsDatagrams;
        private (int Count, TaskCompletionSource Done)? _stunWaiter;
        private (int Count, TaskCompletionSource Done)? _dtlsWaiter;

        public PeerSocketTransport(Socket socket, IPEndPoint target)
        {
            _socket = socket;
            _target = target;
            _loop = Task.Run(ReceiveLoopAsync);
        }

        public int MaxDatagramSize => 1200;

        public int StunRequestsSeen => Volatile.Read(ref _stunRequests);

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            _socket.SendTo(datagram.Span, SocketFlags.None, _target);
            return ValueTask.CompletedTask;
        }

        public void SetReceiver(DatagramReceiver? receiver)
        {
            lock (_gate)
            {
                _receiver = receiver;
            }
        }

        public Task WaitForStunRequestsAsync(int count)
        {
            lock (_gate)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_stunRequests >= count)
                {
                    done.TrySetResult();
                }

                _stunWaiter = (count, done);
                return done.Task;
            }
        }

        public Task WaitForDtlsAsync(int count)
        {
            lock (_gate)
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_dtlsDatagrams >= count)
                {
                    done.TrySetResult();
                }

                _dtlsWaiter = (count, done);
                return done.Task;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop.WaitAsync(Timeout);
            _stop.Dispose();
        }

        private async Task ReceiveLoopAsync()
        {
            var buffer = new byte[2048];
            while (!_stop.IsCancellationRequested)
            {
                int length;
                try
                {
                    var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                    length = result.ReceivedBytes;
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                lock (_gate)
                {
                    if (length > 0 && buffer[0] <= 3)
                    {
                        _stunRequests++;
                        if (_stunWaiter is { } waiter && _stunRequests >= waiter.Count)
                        {
                            waiter.Done.TrySetResult();
                        }
                    }
                    else if (length > 0 && buffer[0] is >= 20 and <= 63)
                    {
                        _dtlsDatagrams++;
                        if (_dtlsWaiter is { } waiter && _dtlsDatagrams >= waiter.Count)
                        {
                            waiter.Done.TrySetResult();
                        }

                        _receiver?.Invoke(buffer.AsSpan(0, length));
                    }
                }
            }
        }
    }
}
