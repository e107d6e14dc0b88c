using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Transport;
using AlertDescription = Org.BouncyCastle.Tls.AlertDescription;
using TlsFatalAlert = Org.BouncyCastle.Tls.TlsFatalAlert;

namespace Fledger.WebRtc.Tests.Dtls;

public sealed class BcDatagramAdapterTests
{
    private const int Mtu = 100;

    [Fact]
    public void Send_DuringHandshake_IsHeldUntilReceiveThenSentAsOneDatagram()
    {
        var lower = new RecordingTransport(Mtu);
        var adapter = new BcDatagramAdapter(lower, 8, 1500);

        adapter.Send(Bytes(10, 1));
        adapter.Send(Bytes(20, 2), 0, 20);
        adapter.Send(Bytes(30, 3).AsSpan());
        Assert.Empty(lower.Sent);

        Assert.Equal(-1, adapter.Receive(new byte[1500], 0, 1500, 0));

        var datagram = Assert.Single(lower.Sent);
        Assert.Equal([.. Bytes(10, 1), .. Bytes(20, 2), .. Bytes(30, 3)], datagram);
    }

    [Fact]
    public void Send_RecordNotFittingPendingFlight_FlushesPendingFirst()
    {
        var lower = new RecordingTransport(Mtu);
        var adapter = new BcDatagramAdapter(lower, 8, 1500);

        adapter.Send(Bytes(60, 1));
        adapter.Send(Bytes(40, 2));
        Assert.Empty(lower.Sent);
        adapter.Send(Bytes(1, 3));

        var datagram = Assert.Single(lower.Sent);
        Assert.Equal([.. Bytes(60, 1), .. Bytes(40, 2)], datagram);
        adapter.Close();
        Assert.Equal([Bytes(1, 3)], lower.Sent.Skip(1));
    }

    [Fact]
    public void EndHandshake_PendingFlight_IsSentAndLaterRecordsGoOutAtOnce()
    {
        var lower = new RecordingTransport(Mtu);
        var adapter = new BcDatagramAdapter(lower, 8, 1500);
        adapter.Send(Bytes(14, 1));
        adapter.Send(Bytes(61, 2));

        adapter.EndHandshake();

        Assert.Equal([[.. Bytes(14, 1), .. Bytes(61, 2)]], lower.Sent);
        adapter.Send(Bytes(5, 3));
        adapter.Send(Bytes(6, 4).AsSpan());
        Assert.Equal([Bytes(5, 3), Bytes(6, 4)], lower.Sent.Skip(1));
    }

    [Fact]
    public void Send_NonBlocking_GoesOutAtOnce()
    {
        var lower = new RecordingTransport(Mtu);
        var adapter = new BcDatagramAdapter(lower, 8, 1500) { NonBlocking = true };

        adapter.Send(Bytes(5, 1));

        Assert.Equal([Bytes(5, 1)], lower.Sent);
    }

    [Fact]
    public void Close_PendingAlert_IsSentBeforeClosing()
    {
        var lower = new RecordingTransport(Mtu);
        var adapter = new BcDatagramAdapter(lower, 8, 1500);
        adapter.Send(Bytes(15, 1));

        adapter.Close();
        adapter.Send(Bytes(15, 2));
        adapter.Close();

        Assert.Equal([Bytes(15, 1)], lower.Sent);
    }

    [Fact]
    public void Receive_LowerSendFails_ErrorSurfacesToCaller()
    {
        var lower = new RecordingTransport(Mtu) { Failure = new IOException("link down") };
        var adapter = new BcDatagramAdapter(lower, 8, 1500);
        adapter.Send(Bytes(10, 1));

        var error = Assert.Throws<IOException>(() => adapter.Receive(new byte[1500], 0, 1500, 0));

        Assert.Equal("link down", error.Message);
        lower.Failure = null;
        Assert.Equal(-1, adapter.Receive(new byte[1500], 0, 1500, 0));
        Assert.Empty(lower.Sent);
    }

    [Fact]
    public void EndHandshake_LowerSendFailsUnexpectedly_SurfacesAsInternalErrorAlert()
    {
        var lower = new RecordingTransport(Mtu) { Failure = new InvalidOperationException("bug") };
        var adapter = new BcDatagramAdapter(lower, 8, 1500);
        adapter.Send(Bytes(10, 1));

        var alert = Assert.Throws<TlsFatalAlert>(adapter.EndHandshake);

        Assert.Equal(AlertDescription.internal_error, alert.AlertDescription);
        Assert.IsType<InvalidOperationException>(alert.InnerException);
    }

    [Fact]
    public void Close_LowerSendFails_StillCloses()
    {
        var lower = new RecordingTransport(Mtu) { Failure = new IOException("link down") };
        var adapter = new BcDatagramAdapter(lower, 8, 1500);
        var closed = 0;
        adapter.Closed += () => closed++;
        adapter.Send(Bytes(10, 1));

        adapter.Close();

        Assert.True(adapter.IsClosed);
        Assert.Equal(1, closed);
    }

    private static byte[] Bytes(int length, byte value) => Enumerable.Repeat(value, length).ToArray();

    private sealed class RecordingTransport(int maxDatagramSize) : IDatagramTransport
    {
        public List<byte[]> Sent { get; } = [];

        public Exception? Failure { get; set; }

        public int MaxDatagramSize { get; } = maxDatagramSize;

        public ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
        {
            if (Failure is { } failure)
            {
                return ValueTask.FromException(failure);
            }

            Sent.Add(datagram.ToArray());
            return ValueTask.CompletedTask;
        }

        public void SetReceiver(DatagramReceiver? receiver)
        {
        }
    }
}
