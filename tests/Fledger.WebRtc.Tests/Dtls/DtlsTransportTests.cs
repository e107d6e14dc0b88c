using System.Collections.Concurrent;
using Fledger.WebRtc.Dtls;

namespace Fledger.WebRtc.Tests.Dtls;

public sealed class DtlsTransportTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly DtlsCertificate CertA = DtlsCertificate.Generate(TimeProvider.System);
    private static readonly DtlsCertificate CertB = DtlsCertificate.Generate(TimeProvider.System);

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task StartAsync_BothRoles_ConnectsAndVerifiesFingerprints(DtlsRole roleOfA)
    {
        await using var pair = new InMemoryDatagramPair();
        await using var a = new DtlsTransport(pair.A, roleOfA, CertA, CertB.Fingerprint);
        await using var b = new DtlsTransport(pair.B, Other(roleOfA), CertB, CertA.Fingerprint);

        var results = await Task.WhenAll(a.StartAsync(), b.StartAsync()).WaitAsync(Timeout);

        Assert.Equal([DtlsTransportState.Connected, DtlsTransportState.Connected], results);
        Assert.Equal(CertB.Fingerprint, a.RemoteFingerprint);
        Assert.Equal(CertA.Fingerprint, b.RemoteFingerprint);
        Assert.InRange(a.MaxDatagramSize, 1191, 1232);
    }

    [Fact]
    public async Task StartAsync_Server_AnswersFirstClientHelloWithServerHelloWithoutCookieRoundTrip()
    {
        // No HelloVerifyRequest (RFC 6347 §4.2.1): over ICE the address is proven already, and it would cost a round trip.
        var serverFirstTypes = new ConcurrentQueue<byte>();
        await using var pair = new InMemoryDatagramPair(dropBToA: (index, datagram) =>
        {
            // DTLS record header is 13 bytes; a handshake record (22) carries the message type next.
            if (index == 0 && datagram.Length > 13 && datagram[0] == 22)
            {
                serverFirstTypes.Enqueue(datagram[13]);
            }

            return false;
        });
        await using var client = new DtlsTransport(pair.A, DtlsRole.Client, CertA, CertB.Fingerprint);
        await using var server = new DtlsTransport(pair.B, DtlsRole.Server, CertB, CertA.Fingerprint);

        var results = await Task.WhenAll(client.StartAsync(), server.StartAsync()).WaitAsync(Timeout);

        Assert.Equal([DtlsTransportState.Connected, DtlsTransportState.Connected], results);
        Assert.Equal([(byte)2], serverFirstTypes.ToArray()); // server_hello
    }

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task SendAsync_AfterHandshake_DeliversDatagramsBothWays(DtlsRole roleOfA)
    {
        await using var pair = new InMemoryDatagramPair();
        await using var a = new DtlsTransport(pair.A, roleOfA, CertA, CertB.Fingerprint);
        await using var b = new DtlsTransport(pair.B, Other(roleOfA), CertB, CertA.Fingerprint);
        var atA = new ConcurrentQueue<byte[]>();
        var atB = new ConcurrentQueue<byte[]>();
        var allArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        const int count = 50;
        a.SetReceiver(d => { atA.Enqueue(d.ToArray()); CheckDone(); });
        b.SetReceiver(d => { atB.Enqueue(d.ToArray()); CheckDone(); });
        await Task.WhenAll(a.StartAsync(), b.StartAsync()).WaitAsync(Timeout);

        for (var i = 0; i < count; i++)
        {
            await a.SendAsync(Payload(i, 1 + (i * 37 % a.MaxDatagramSize)));
            await b.SendAsync(Payload(i + 1000, 1 + (i * 53 % b.MaxDatagramSize)));
        }

        await allArrived.Task.WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, count).Select(i => Payload(i, 1 + (i * 37 % a.MaxDatagramSize))), atB);
        Assert.Equal(Enumerable.Range(0, count).Select(i => Payload(i + 1000, 1 + (i * 53 % b.MaxDatagramSize))), atA);

        void CheckDone()
        {
            if (atA.Count == count && atB.Count == count)
            {
                allArrived.TrySetResult();
            }
        }
    }

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task StartAsync_WrongRemoteFingerprint_FailsOnBothSides(DtlsRole refusingRole)
    {
        await using var pair = new InMemoryDatagramPair();
        var stranger = DtlsCertificate.Generate(TimeProvider.System);
        await using var refusing = new DtlsTransport(pair.A, refusingRole, CertA, stranger.Fingerprint);
        await using var other = new DtlsTransport(pair.B, Other(refusingRole), CertB, CertA.Fingerprint);

        var results = await Task.WhenAll(refusing.StartAsync(), other.StartAsync()).WaitAsync(Timeout);

        Assert.Equal([DtlsTransportState.Failed, DtlsTransportState.Failed], results);
        Assert.Equal(DtlsFailureReason.FingerprintMismatch, refusing.FailureReason);
        Assert.Equal(DtlsFailureReason.AlertReceived, other.FailureReason);
    }

    [Fact]
    public async Task Receive_TamperedApplicationRecord_IsDiscardedAndConnectionSurvives()
    {
        var tamper = false;
        await using var pair = new InMemoryDatagramPair(dropAToB: (_, datagram) =>
        {
            if (Volatile.Read(ref tamper) && datagram[0] == (byte)DtlsContentType.ApplicationData)
            {
                datagram[^1] ^= 0x5A;
                Volatile.Write(ref tamper, false);
            }

            return false;
        });
        await using var a = new DtlsTransport(pair.A, DtlsRole.Client, CertA, CertB.Fingerprint);
        await using var b = new DtlsTransport(pair.B, DtlsRole.Server, CertB, CertA.Fingerprint);
        var received = new ConcurrentQueue<byte[]>();
        var second = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.SetReceiver(d =>
        {
            received.Enqueue(d.ToArray());
            second.TrySetResult();
        });
        await Task.WhenAll(a.StartAsync(), b.StartAsync()).WaitAsync(Timeout);

        Volatile.Write(ref tamper, true);
        await a.SendAsync(Payload(1, 500));
        await a.SendAsync(Payload(2, 500));
        await second.Task.WaitAsync(Timeout);

        Assert.Equal(Payload(2, 500), Assert.Single(received));
        Assert.Equal(DtlsTransportState.Connected, b.State);
    }

    [Fact]
    public async Task StartAsync_FirstFlightsDropped_ConnectsByRetransmission()
    {
        // Drop the first ClientHello datagram and the server's first reply flight once.
        await using var pair = new InMemoryDatagramPair(dropAToB: (i, _) => i == 0, dropBToA: (i, _) => i is 0 or 1);
        await using var client = new DtlsTransport(pair.A, DtlsRole.Client, CertA, CertB.Fingerprint);
        await using var server = new DtlsTransport(pair.B, DtlsRole.Server, CertB, CertA.Fingerprint);

        var results = await Task.WhenAll(client.StartAsync(), server.StartAsync()).WaitAsync(Timeout);

        Assert.Equal([DtlsTransportState.Connected, DtlsTransportState.Connected], results);
        Assert.True(pair.A.Dropped + pair.B.Dropped >= 2);
    }

    [Fact]
    public async Task StartAsync_ClientHelloBeforeServerStarts_IsBufferedAndAnswered()
    {
        var slowResend = new DtlsTransportOptions { ResendTimeout = TimeSpan.FromSeconds(30), HandshakeTimeout = TimeSpan.FromSeconds(60) };
        await using var pair = new InMemoryDatagramPair();
        await using var server = new DtlsTransport(pair.B, DtlsRole.Server, CertB, CertA.Fingerprint, slowResend);
        await using var client = new DtlsTransport(pair.A, DtlsRole.Client, CertA, CertB.Fingerprint, slowResend);
        var clientDone = client.StartAsync();
        await pair.A.FirstSent.WaitAsync(Timeout);

        var serverState = await server.StartAsync().WaitAsync(Timeout);

        Assert.Equal(DtlsTransportState.Connected, serverState);
        Assert.Equal(DtlsTransportState.Connected, await clientDone.WaitAsync(Timeout));
    }

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task CloseAsync_Connected_PeerSeesClosed(DtlsRole closingRole)
    {
        await using var pair = new InMemoryDatagramPair();
        await using var closing = new DtlsTransport(pair.A, closingRole, CertA, CertB.Fingerprint);
        await using var peer = new DtlsTransport(pair.B, Other(closingRole), CertB, CertA.Fingerprint);
        var peerClosed = new TaskCompletionSource<DtlsTransportState>(TaskCreationOptions.RunContinuationsAsynchronously);
        peer.StateChanged += s =>
        {
            if (s is DtlsTransportState.Closed or DtlsTransportState.Failed)
            {
                peerClosed.TrySetResult(s);
            }
        };
        await Task.WhenAll(closing.StartAsync(), peer.StartAsync()).WaitAsync(Timeout);

        await closing.CloseAsync();

        Assert.Equal(DtlsTransportState.Closed, closing.State);
        Assert.Equal(DtlsTransportState.Closed, await peerClosed.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task StartAsync_NoPeer_FailsWithTimeout()
    {
        var quick = new DtlsTransportOptions { HandshakeTimeout = TimeSpan.FromMilliseconds(600) };
        await using var pair = new InMemoryDatagramPair(dropAToB: (_, _) => true);
        await using var client = new DtlsTransport(pair.A, DtlsRole.Client, CertA, CertB.Fingerprint, quick);

        var state = await client.StartAsync().WaitAsync(Timeout);

        Assert.Equal(DtlsTransportState.Failed, state);
        Assert.Equal(DtlsFailureReason.Timeout, client.FailureReason);
    }

    [Fact]
    public async Task CloseAsync_DuringHandshake_EndsClosedPromptly()
    {
        await using var pair = new InMemoryDatagramPair(dropAToB: (_, _) => true);
        await using var client = new DtlsTransport(pair.A, DtlsRole.Client, CertA, CertB.Fingerprint);
        var started = client.StartAsync();
        await pair.A.FirstSent.WaitAsync(Timeout);

        await client.CloseAsync();

        Assert.Equal(DtlsTransportState.Closed, await started.WaitAsync(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task WarmUpAsync_SharedCertificate_Connects()
    {
        Assert.True(await DtlsTransport.WarmUpAsync().WaitAsync(Timeout));
    }

    [Fact]
    public async Task SendAsync_BeforeConnected_IsDroppedSilently()
    {
        await using var pair = new InMemoryDatagramPair();
        await using var client = new DtlsTransport(pair.A, DtlsRole.Client, CertA, CertB.Fingerprint);

        await client.SendAsync(new byte[10]);

        Assert.Equal(0, pair.A.Sent);
        Assert.Equal(DtlsTransportState.New, client.State);
    }

    private static DtlsRole Other(DtlsRole role) => role == DtlsRole.Client ? DtlsRole.Server : DtlsRole.Client;

    private static byte[] Payload(int seed, int length)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
