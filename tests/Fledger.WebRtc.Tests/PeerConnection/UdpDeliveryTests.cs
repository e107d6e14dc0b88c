using System.Diagnostics;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.Tests.DataChannels;
using Xunit.Abstractions;

namespace Fledger.WebRtc.Tests.PeerConnection;

/// <summary>The whole stack (ICE, DTLS, SCTP, DCEP) between two peer connections over real UDP sockets on 127.0.0.1.</summary>
public sealed class UdpDeliveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task MessageReceived_Udp_RaisedOnTheIceReceiveThreadAndEchoFromHandlerArrives()
    {
        // One message at a time: each datagram finds the association idle, so ICE receive, DTLS decryption, SCTP and the
        // handler all run on the agent's dedicated receive thread; the echo sent from inside the handler is queued and
        // leaves once the handler returned.
        const int Rounds = 50;
        await using var pair = new PeerPair(PeerPair.Loopback, PeerPair.Loopback);
        var (offerer, answerer) = await pair.ConnectWithChannelAsync("echo");
        var threadNames = new List<string?>();
        answerer.MessageReceived += (c, m) =>
        {
            lock (threadNames)
            {
                threadNames.Add(Thread.CurrentThread.Name);
            }

            c.Send(m.Data.Span);
        };
        var echoes = PeerPair.Inbox(offerer);
        for (var i = 0; i < Rounds; i++)
        {
            offerer.Send(new byte[] { (byte)i });
            var echo = await echoes.ReadAsync().AsTask().WaitAsync(PeerPair.Timeout);
            Assert.Equal((byte)i, echo.Data.Span[0]);
        }

        lock (threadNames)
        {
            var onIceThread = threadNames.Count(n => n == "ICE receive");
            Assert.True(onIceThread >= Rounds / 2, $"{onIceThread} of {threadNames.Count} handlers on the ICE receive thread");
        }
    }

    /// <remarks>
    /// The same 10,000 messages (0 B to 256 KiB) as <see cref="LossyDeliveryTests"/> sends over the lossy, reordering
    /// test link at the SCTP level; here they cross DTLS and UDP.
    /// </remarks>
    [Fact]
    public async Task ReliableOrdered_Udp_DeliversTenThousandMessagesExactlyOnceInOrder()
    {
        const int count = 10_000;
        var sizes = LossyDeliveryTests.Sizes(count, 1);
        await using var pair = new PeerPair(PeerPair.Loopback, PeerPair.Loopback);
        var (sender, receiver) = await pair.ConnectWithChannelAsync("bulk");
        var received = new List<DataChannelMessage>(count);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.MessageReceived += (_, m) =>
        {
            lock (received)
            {
                received.Add(m with { Data = m.Data.ToArray() });
                if (received.Count == count)
                {
                    done.TrySetResult();
                }
            }
        };

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await sender.SendAsync(LossyDeliveryTests.Payload(i, sizes[i]), highWaterMark: 2 * 1024 * 1024).WaitAsync(PeerPair.Timeout);
        }

        await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
        output.WriteLine($"{sizes.Sum() / 1e6:F1} MB in {watch.ElapsedMilliseconds} ms; {pair.Offerer.GetStats()}");
        lock (received)
        {
            Assert.Equal(count, received.Count);
            for (var i = 0; i < count; i++)
            {
                Assert.False(received[i].IsText);
                Assert.True(LossyDeliveryTests.Payload(i, sizes[i]).AsSpan().SequenceEqual(received[i].Data.Span), $"message {i} differs");
            }
        }
    }
}
