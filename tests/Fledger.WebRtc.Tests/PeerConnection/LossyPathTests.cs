using System.Collections.Concurrent;
using Fledger.WebRtc.PeerConnection;

namespace Fledger.WebRtc.Tests.PeerConnection;

/// <summary>The <see cref="RtcConfiguration.DropOutgoingDatagram"/> fault hook: a lossy UDP path on 127.0.0.1.</summary>
public sealed class LossyPathTests
{
    /// <remarks>
    /// 10 % each way costs seconds here, not milliseconds: SCTP's window is small on this path, so a lost packet is
    /// often recovered by the T3 timer rather than fast retransmit. At 20 % each way only 69 of 200 messages arrived in
    /// 30 s (RTO backed off to 2.6 s).
    /// </remarks>
    [Fact]
    public async Task DropOutgoingDatagram_TenPercentEachWay_ChannelOpensAndEveryMessageArrivesInOrder()
    {
        var random = new Random(21);
        var gate = new Lock();
        long offered = 0, dropped = 0;
        bool Drop()
        {
            Interlocked.Increment(ref offered);
            lock (gate)
            {
                if (random.NextDouble() >= 0.1)
                {
                    return false;
                }
            }

            Interlocked.Increment(ref dropped);
            return true;
        }

        var lossy = PeerPair.Loopback with { DropOutgoingDatagram = Drop };
        await using var pair = new PeerPair(lossy, lossy);
        var (sender, receiver) = await pair.ConnectWithChannelAsync();
        var received = new ConcurrentQueue<int>();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.MessageReceived += (_, message) =>
        {
            received.Enqueue(BitConverter.ToInt32(message.Data.Span));
            if (received.Count == 100)
            {
                all.TrySetResult();
            }
        };

        for (var i = 0; i < 100; i++)
        {
            await sender.SendAsync(BitConverter.GetBytes(i).Concat(new byte[500]).ToArray()).WaitAsync(PeerPair.Timeout);
        }

        try
        {
            await all.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{received.Count} of 100 arrived in 30 s; dropped {dropped} of {offered}; {pair.Offerer.GetStats()}");
        }

        Assert.Equal(Enumerable.Range(0, 100), received);
        Assert.InRange(Interlocked.Read(ref dropped), 1, Interlocked.Read(ref offered) / 3);
    }
}
