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

    private static readonly DtlsTransportOptions P256Only = new() { NamedGroups = [NamedGroup.secp256r1] };

    [Theory]
    [InlineData(DtlsRole.Client, false, NamedGroup.x25519)]
    [InlineData(DtlsRole.Server, false, NamedGroup.x25519)]
    [InlineData(DtlsRole.Client, true, NamedGroup.secp256r1)]
    [InlineData(DtlsRole.Server, true, NamedGroup.secp256r1)]
    public async Task StartAsync_BothRoles_NegotiateTheGroupAndConnect(DtlsRole roleOfA, bool p256OnlyAtA, int expectedGroup)
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
        // Only one side restricted to P-256: the other (default X25519 first) must still agree on P-256.
        await using var a = new DtlsTransport(pair.A, roleOfA, CertA, CertB.Fingerprint, p256OnlyAtA ? P256Only : null);
        await using var b = new DtlsTransport(pair.B, roleOfA == DtlsRole.Client ? DtlsRole.Server : DtlsRole.Client, CertB, CertA.Fingerprint);

        var results = await Task.WhenAll(a.StartAsync(), b.StartAsync()).WaitAsync(Timeout);

        Assert.Equal([DtlsTransportState.Connected, DtlsTransportState.Connected], results);
        Assert.NotEmpty(curves);
        Assert.All(curves, curve => Assert.Equal(expectedGroup, curve));
    }

    [Fact]
    public async Task StartAsync_TamperedServerKeyExchangeSignature_ClientRefusesWithDecryptError()
    {
        var (client, server) = await HandshakeWithTamperingAsync(
            serverToClient: DtlsHandshakeTamper.ServerKeyExchange,
            tamper: body => body.Span[^1] ^= 0x01);

        AssertRefused(client, AlertDescription.decrypt_error, server);
    }

    [Fact]
    public async Task StartAsync_TamperedCertificateVerifySignature_ServerRefusesWithDecryptError()
    {
        var (client, server) = await HandshakeWithTamperingAsync(
            clientToServer: DtlsHandshakeTamper.CertificateVerify,
            tamper: body => body.Span[^1] ^= 0x01);

        AssertRefused(server, AlertDescription.decrypt_error, client);
    }

    [Fact]
    public async Task StartAsync_ClientX25519ValueOfSmallOrder_ServerRefusesWithIllegalParameter()
    {
        // ClientECDiffieHellmanPublic for X25519 (RFC 8422 §5.11): length 32, then u; u = 0 gives an all-zero secret.
        var (client, server) = await HandshakeWithTamperingAsync(
            clientToServer: DtlsHandshakeTamper.ClientKeyExchange,
            tamper: body => body.Span[1..33].Clear());

        AssertRefused(server, AlertDescription.illegal_parameter, client);
    }

    [Fact]
    public async Task StartAsync_ClientEcdhePointOffTheCurve_ServerRefusesWithIllegalParameter()
    {
        // ClientECDiffieHellmanPublic (RFC 8422 §5.7): length 65, then 0x04 || X || Y; change the last byte of Y.
        var (client, server) = await HandshakeWithTamperingAsync(
            clientToServer: DtlsHandshakeTamper.ClientKeyExchange,
            tamper: body => body.Span[65] ^= 0x01,
            options: P256Only);

        AssertRefused(server, AlertDescription.illegal_parameter, client);
    }

    /// <summary><paramref name="refuser"/> failed the handshake raising a fatal <paramref name="alert"/>, which <paramref name="other"/> received.</summary>
    private static void AssertRefused(Peer refuser, short alert, Peer other)
    {
        Assert.Equal(DtlsTransportState.Failed, refuser.Transport.State);
        Assert.Equal(DtlsFailureReason.ProtocolError, refuser.Transport.FailureReason);
        Assert.Contains(refuser.Log.Lines, line => line.Contains($"alert raised: level 2, description {alert}", StringComparison.Ordinal));
        Assert.Equal(DtlsFailureReason.AlertReceived, other.Transport.FailureReason);
    }

    private static async Task<(Peer Client, Peer Server)> HandshakeWithTamperingAsync(
        Action<Memory<byte>> tamper, byte clientToServer = 0, byte serverToClient = 0, DtlsTransportOptions? options = null)
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
        client.Transport = new DtlsTransport(pair.A, DtlsRole.Client, CertA, CertB.Fingerprint, options, client.Log);
        server.Transport = new DtlsTransport(pair.B, DtlsRole.Server, CertB, CertA.Fingerprint, options, server.Log);
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
