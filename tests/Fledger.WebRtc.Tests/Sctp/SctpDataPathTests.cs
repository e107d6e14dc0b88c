using Fledger.WebRtc.Sctp;

namespace Fledger.WebRtc.Tests.Sctp;

/// <summary>Packet economy of the data path: fragment packing and SACK frequency (RFC 9260 §6.2).</summary>
public sealed class SctpDataPathTests
{
    private const int Messages = 20;
    private const int MessageSize = 16 * 1024;

    /// <summary>SCTP packet 1191 bytes (the default MaxPacketSize) - common header 12 - DATA chunk header 16.</summary>
    private const int FullFragment = 1163;

    [Fact]
    public async Task Send_SixteenKiBMessages_TailFragmentsShareAPacketWithTheNextMessage()
    {
        await using var pair = await AssociationPair.ConnectAsync();
        var (dataPackets, _) = await TransferAsync(pair);

        // Unpacked, every message takes 15 packets (14 full + a 102-byte tail): 300. Packed, the total is close to
        // 20 * 16384 / 1163 = 282; a few tails still leave alone when cwnd stops the packet they were in.
        var packedMinimum = ((Messages * MessageSize) + FullFragment - 1) / FullFragment;
        Assert.InRange(dataPackets, packedMinimum, (Messages * 15) - 8);
    }

    [Fact]
    public async Task Receive_DataPackets_AcknowledgedAtLeastEveryFourth()
    {
        await using var pair = await AssociationPair.ConnectAsync();
        var (dataPackets, sacks) = await TransferAsync(pair);

        // Every second packet, or up to four that arrived back to back: never a stretch over a whole batch.
        Assert.True(sacks >= dataPackets / 4, $"{sacks} SACK packets for {dataPackets} DATA packets");
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
        Assert.Equal(0, stats.Retransmissions);
        return (stats.PacketsSent - sentBefore, pair.B.GetStatistics().PacketsSent - sacksBefore);
    }
}
