using System.Collections.Concurrent;
using Fledger.WebRtc.Dtls;
using Xunit.Abstractions;

namespace Fledger.WebRtc.Tests.Dtls;

/// <summary>How many datagrams a complete handshake takes per role (flights coalesced, RFC 6347 §4.1.1).</summary>
public sealed class DtlsFlightDatagramTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly DtlsCertificate CertA = DtlsCertificate.Generate(TimeProvider.System);
    private static readonly DtlsCertificate CertB = DtlsCertificate.Generate(TimeProvider.System);
    private static readonly byte[] ServerFirstFlightTypes = [2, 11, 12, 13, 14];

    [Fact]
    public async Task StartAsync_DefaultMtu_EachFlightTakesOneDatagram()
    {
        // No retransmission may fire on a loaded machine: it would add datagrams.
        var slowResend = new DtlsTransportOptions { ResendTimeout = TimeSpan.FromSeconds(30), HandshakeTimeout = TimeSpan.FromSeconds(60) };
        var fromClient = new ConcurrentQueue<byte[]>();
        var fromServer = new ConcurrentQueue<byte[]>();
        await using var pair = new InMemoryDatagramPair(
            dropAToB: (_, d) => Record(fromClient, d),
            dropBToA: (_, d) => Record(fromServer, d));
        await using var client = new DtlsTransport(pair.A, DtlsRole.Client, CertA, CertB.Fingerprint, slowResend);
        await using var server = new DtlsTransport(pair.B, DtlsRole.Server, CertB, CertA.Fingerprint, slowResend);

        var results = await Task.WhenAll(client.StartAsync(), server.StartAsync()).WaitAsync(Timeout);

        Assert.Equal([DtlsTransportState.Connected, DtlsTransportState.Connected], results);
        var serverFirstFlight = fromServer.Where(d => HandshakeTypes(d).Intersect(ServerFirstFlightTypes).Any()).ToArray();
        output.WriteLine($"client datagrams {fromClient.Count} ({Describe(fromClient)}), server datagrams {fromServer.Count} ({Describe(fromServer)})");

        // ServerHello, Certificate, ServerKeyExchange, CertificateRequest, ServerHelloDone together.
        Assert.Single(serverFirstFlight);
        Assert.Equal(ServerFirstFlightTypes, HandshakeTypes(serverFirstFlight[0]));

        // Client: ClientHello; Certificate .. Finished. Server: its first flight; ChangeCipherSpec + Finished.
        Assert.Equal(2, fromClient.Count);
        Assert.Equal(2, fromServer.Count);
    }

    private static bool Record(ConcurrentQueue<byte[]> sent, byte[] datagram)
    {
        sent.Enqueue(datagram);
        return false;
    }

    private static string Describe(IEnumerable<byte[]> datagrams) =>
        string.Join(" | ", datagrams.Select(d => $"{d.Length}B {RecordCount(d)} records"));

    /// <summary>Walks the 13-byte DTLS record headers (RFC 6347 §4.1) of one datagram.</summary>
    private static IEnumerable<(byte Type, ushort Epoch, int Offset, int Length)> Records(byte[] datagram)
    {
        var offset = 0;
        while (offset + 13 <= datagram.Length)
        {
            var length = (datagram[offset + 11] << 8) | datagram[offset + 12];
            yield return (datagram[offset], (ushort)((datagram[offset + 3] << 8) | datagram[offset + 4]), offset + 13, length);
            offset += 13 + length;
        }
    }

    private static int RecordCount(byte[] datagram) => Records(datagram).Count();

    /// <summary>Message types of the plaintext (epoch 0) handshake records of one datagram.</summary>
    private static byte[] HandshakeTypes(byte[] datagram) =>
        Records(datagram)
            .Where(r => r.Type == 22 && r.Epoch == 0 && r.Length > 0 && r.Offset < datagram.Length)
            .Select(r => datagram[r.Offset])
            .ToArray();
}
