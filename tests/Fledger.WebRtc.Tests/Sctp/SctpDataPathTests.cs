using Fledger.WebRtc.Sctp;

namespace Fledger.WebRtc.Tests.Sctp;

/// <summary>Packet economy of the data path: fragment packing and SACK frequency (RFC 9260 §6.2).</summary>
public sealed class SctpDataPathTests
{
    private const int Messages = 20;
    private const int MessageSize = 16 * 1024;

    /// <summary>SCTP packet 1191 bytes (the default MaxPacketSize) - common header 12 - DATA chunk header 16.</summary>
    private const int FullFragment = 1163;

    /// <summary>
    /// Fast timers, but an RTO no scheduling hiccup on a loaded machine reaches: these tests count packets, and a
    /// spurious T3 (a 10 ms delayed SACK late by another 10 ms) would add retransmissions that are not the point.
    /// </summary>
    private static readonly SctpAssociationOptions Patient = AssociationPair.FastOptions with
    {
        InitialRto = TimeSpan.FromSeconds(1),
        MinRto = TimeSpan.FromSeconds(1),
        MaxRto = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task Send_SixteenKiBMessages_TailFragmentsShareAPacketWithTheNextMessage()
    {
        await using var pair = await AssociationPair.ConnectAsync(options: Patient);
        var (dataPackets, _) = await TransferAsync(pair);

        // Unpacked, every message takes 15 packets (14 full + a 102-byte tail): 300. Packed, the total is close to
        // 20 * 16384 / 1163 = 282; a few tails still leave alone when cwnd stops the packet they were in.
        var packedMinimum = ((Messages * MessageSize) + FullFragment - 1) / FullFragment;
        Assert.InRange(dataPackets, packedMinimum, (Messages * 15) - 8);
    }

    [Fact]
    public async Task Receive_DataPackets_AcknowledgedAtLeastEveryFourth()
    {
        await using var pair = await AssociationPair.ConnectAsync(options: Patient);
        var (dataPackets, sacks) = await TransferAsync(pair);

        // Every second packet, or up to four that arrived back to back: never a stretch over a whole batch.
        Assert.True(sacks >= dataPackets / 4, $"{sacks} SACK packets for {dataPackets} DATA packets");
    }

    [Fact]
    public async Task Send_QueueRunsDry_PeerAcknowledgesTheLastPacketAtOnce()
    {
        // A 30 s delayed-SACK timer and a 30 s RTO: the odd last packet of the burst is only acknowledged quickly because
        // it carries the I bit (RFC 7053), set since nothing more was queued behind it.
        var slow = AssociationPair.FastOptions with
        {
            SackDelay = TimeSpan.FromSeconds(30),
            InitialRto = TimeSpan.FromSeconds(30),
            MinRto = TimeSpan.FromSeconds(30),
            MaxRto = TimeSpan.FromSeconds(60),
        };
        await using var pair = await AssociationPair.ConnectAsync(options: slow);
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.A.BufferedAmountDecreased += (_, _) =>
        {
            if (pair.A.BufferedAmount == 0)
            {
                drained.TrySetResult();
            }
        };

        // 3 full packets: the peer acknowledges the second at once (every second packet), the third only on request.
        Assert.True(pair.A.Send(1, 53, new byte[3 * FullFragment]));
        await drained.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, pair.A.GetStatistics().Retransmissions);
    }

    private static async Task<(long DataPackets, long Sacks)> TransferAsync(AssociationPair pair)
    {
        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.B.MessageReceived += m =>
        {
            if (Interlocked.Increment(ref received) == Messages)
            {
                done.TrySetResult();
            }
        };
        var sentBefore = pair.A.GetStatistics().PacketsSent;
        var sacksBefore = pair.B.GetStatistics().PacketsSent;
        var payload = new byte[MessageSize];
        for (var i = 0; i < Messages; i++)
        {
            Assert.True(pair.A.Send(1, 53, payload));
        }

        await pair.Within(done.Task);
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.A.BufferedAmountDecreased += (_, _) =>
        {
            if (pair.A.BufferedAmount == 0)
            {
                drained.TrySetResult();
            }
        };
        if (pair.A.BufferedAmount == 0)
        {
            drained.TrySetResult();
        }

        await pair.Within(drained.Task);
        var stats = pair.A.GetStatistics();
        Assert.True(stats.Retransmissions == 0, $"{stats.Retransmissions} retx, fast {stats.FastRetransmissions}, t3 {stats.T3Expirations}, dup {pair.B.GetStatistics().DuplicateTsnsReceived}");
        return (stats.PacketsSent - sentBefore, pair.B.GetStatistics().PacketsSent - sacksBefore);
    }
}
