using System.Threading.Channels;
using Fledger.WebRtc.Sctp;
using Fledger.WebRtc.Transport;

namespace Fledger.WebRtc.Tests.Sctp;

/// <summary>
/// A hand-driven SCTP peer for conformance tests: the association under test runs on <see cref="Local"/>; the test
/// writes packets from the other end of the link and reads what the association sent there.
/// </summary>
internal sealed class RawSctpPeer : IDisposable
{
    private readonly SimulatedLink _link = new();
    private readonly Channel<byte[]> _inbox = Channel.CreateUnbounded<byte[]>();

    public RawSctpPeer() => _link.B.SetReceiver(d => _inbox.Writer.TryWrite(d.ToArray()));

    /// <summary>The end the association under test uses.</summary>
    public IDatagramTransport Local => _link.A;

    /// <summary>Sends one packet with <paramref name="chunks"/> under verification tag <paramref name="tag"/> (ports 5000).</summary>
    public ValueTask SendAsync(uint tag, params SctpChunk[] chunks)
    {
        var buffer = new byte[SctpPacket.GetLength(chunks)];
        SctpPacket.Write(buffer, new SctpCommonHeader(5000, 5000, tag), chunks);
        return _link.B.SendAsync(buffer);
    }

    /// <summary>The next packet the association sent, parsed (bounded wait).</summary>
    public async Task<(SctpCommonHeader Header, List<SctpChunk> Chunks)> ReceiveAsync()
    {
        var packet = await _inbox.Reader.ReadAsync().AsTask().WaitAsync(AssociationPair.Timeout);
        var chunks = new List<SctpChunk>();
        Assert.Equal(SctpParseError.None, SctpPacket.TryParse(packet, out var header, chunks));
        return (header, chunks);
    }

    public void Dispose() => _link.Dispose();
}
