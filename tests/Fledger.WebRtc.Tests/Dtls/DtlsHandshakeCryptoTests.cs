using System.Collections.Concurrent;
using Fledger.WebRtc.Dtls;
using AlertDescription = Org.BouncyCastle.Tls.AlertDescription;
using NamedGroup = Org.BouncyCastle.Tls.NamedGroup;

namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>Whole handshakes over the native P-256 crypto, including flights tampered with in transit.</summary>
public sealed class DtlsHandshakeCryptoTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly DtlsCertificate CertA = DtlsCertificate.Generate(TimeProvider.System);
    private static readonly DtlsCertificate CertB = DtlsCertificate.Generate(TimeProvider.System);

    [Theory]
    [InlineData(DtlsRole.Client)]
    [InlineData(DtlsRole.Server)]
    public async Task StartAsync_BothRoles_NegotiateP256EcdheAndConnect(DtlsRole roleOfA)
    {
        var curves = new ConcurrentQueue<int>();
        Func<int, byte[], bool> observe = (_, datagram) =>
        {
            // ServerECDHParams (RFC 8422 §5.4): curve_type named_curve (3), then the NamedGroup.
            DtlsHandshakeTamper.Tamper(datagram, DtlsHandshakeTamper.ServerKeyExchange, body =>
                curves.Enqueue(body.Span[0] == 3 ? (body.Span[1] << 8) | body.Span[2] : -1));
            return false;
        };
        await using var pair = new InMemoryDatagramPair(dropAToB: observe, dropBToA: observe);
        await using var a = new DtlsTransport(pair.A, roleOfA, CertA, CertB.Fingerprint);
        await using var b = new DtlsTransport(pair.B, roleOfA == DtlsRole.Client ? DtlsRole.Server : DtlsRole.Client, CertB, CertA.Fingerprint);

        var results = await Task.WhenAll(a.StartAsync(), b.StartAsync()).WaitAsync(Timeout);

        Assert.Equal([DtlsTransportState.Connected, DtlsTransportState.Connected], results);
        Assert.NotEmpty(curves);
        Assert.All(curves, curve => Assert.Equal(NamedGroup.secp256r1, curve));
    }

    [Fact]
    public async Task StartAsync_TamperedServerKeyExchangeSignature_ClientRefusesWithDecryptError()
    {
        var (client, server) = await HandshakeWithTamperingAsync(
            serverToClient: DtlsHandshakeTamper.ServerKeyExchange,
            tamper: body => body.Span[^1] ^= 0x01);

        Assert.Equal(DtlsTransportState.Failed, client.Transport.State);
        Assert.Equal(DtlsFailureReason.ProtocolError, client.Transport.FailureReason);
        Assert.Contains(client.Log.Lines, line => line.Contains($"alert raised: level 2, description {AlertDescription.decrypt_error}", StringComparison.Ordinal));
        Assert.Equal(DtlsFailureReason.AlertReceived, server.Transport.FailureReason);
    }

    [Fact]
    public async Task StartAsync_TamperedCertificateVerifySignature_ServerRefusesWithDecryptError()
    {
        var (client, server) = await HandshakeWithTamperingAsync(
            clientToServer: DtlsHandshakeTamper.CertificateVerify,
            tamper: body => body.Span[^1] ^= 0x01);

        Assert.Equal(DtlsTransportState.Failed, server.Transport.State);
        Assert.Equal(DtlsFailureReason.ProtocolError, server.Transport.FailureReason);
        Assert.Contains(server.Log.Lines, line => line.Contains($"alert raised: level 2, description {AlertDescription.decrypt_error}", StringComparison.Ordinal));
        Assert.Equal(DtlsFailureReason.AlertReceived, client.Transport.FailureReason);
    }

    [Fact]
    public async Task StartAsync_ClientEcdhePointOffTheCurve_ServerRefusesWithIllegalParameter()
    {
        // ClientECDiffieHellmanPublic (RFC 8422 §5.7): length 65, then 0x04 || X || Y; change the last byte of Y.
        var (client, server) = await HandshakeWithTamperingAsync(
            clientToServer: DtlsHandshakeTamper.ClientKeyExchange,
            tamper: body => body.Span[65] ^= 0x01);

        Assert.Equal(DtlsTransportState.Failed, server.Transport.State);
        Assert.Equal(DtlsFailureReason.ProtocolError, server.Transport.FailureReason);
        Assert.Contains(server.Log.Lines, line => line.Contains($"alert raised: level 2, description {AlertDescription.illegal_parameter}", StringComparison.Ordinal));
        Assert.Equal(DtlsFailureReason.AlertReceived, client.Transport.FailureReason);
    }

    private static async Task<(Peer Client, Peer Server)> HandshakeWithTamperingAsync(
        Action<Memory<byte>> tamper, byte clientToServer = 0, byte serverToClient = 0)
    {
        var tampered = 0;
        Func<int, byte[], bool> Filter(byte type) => (_, datagram) =>
        {
            if (type != 0 && DtlsHandshakeTamper.Tamper(datagram, type, tamper))
            {
                Interlocked.Increment(ref tampered);
            }

            return false;
        };

        var pair = new InMemoryDatagramPair(dropAToB: Filter(clientToServer), dropBToA: Filter(serverToClient));
        var client = new Peer(new RecordingLogger());
        var server = new Peer(new RecordingLogger());
        client.Transport = new DtlsTransport(pair.A, DtlsRole.Client, CertA, CertB.Fingerprint, logger: client.Log);
        server.Transport = new DtlsTransport(pair.B, DtlsRole.Server, CertB, CertA.Fingerprint, logger: server.Log);
        try
        {
            var results = await Task.WhenAll(client.Transport.StartAsync(), server.Transport.StartAsync()).WaitAsync(Timeout);
            Assert.DoesNotContain(DtlsTransportState.Connected, results);
            Assert.True(Volatile.Read(ref tampered) > 0, "the message to tamper with was not seen");
        }
        finally
        {
            await client.Transport.DisposeAsync();
            await server.Transport.DisposeAsync();
            await pair.DisposeAsync();
        }

        return (client, server);
    }

    private sealed class Peer(RecordingLogger log)
    {
        public RecordingLogger Log { get; } = log;

        public DtlsTransport Transport { get; set; } = null!;
    }
}
