using System.Diagnostics;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.Transport;
using Xunit.Abstractions;

namespace Fledger.WebRtc.Tests.DataChannels;

public sealed class LossyDeliveryTests(ITestOutputHelper output)
{
    private static readonly SimulatedLinkOptions Lossy = new()
    {
        LossRate = 0.05,
        ReorderRate = 0.05,
        DuplicateRate = 0.02,
        Seed = 42,
    };

    /// <summary>Message sizes from 0 B to 256 KiB: mostly small, every 100th up to 64 KiB, every 1000th 256 KiB.</summary>
    internal static int[] Sizes(int count, int seed)
    {
        var random = new Random(seed);
        var sizes = new int[count];
        for (var i = 0; i < count; i++)
        {
            sizes[i] = i switch
            {
                0 => 0,
                1 => 1,
                _ when i % 1000 == 500 => 256 * 1024,
                _ when i % 100 == 50 => random.Next(1, 64 * 1024),
                _ => random.Next(0, 1500),
            };
        }

        return sizes;
    }

    internal static byte[] Payload(int index, int size)
    {
        var data = new byte[size];
        for (var j = 0; j < size; j++)
        {
            data[j] = (byte)((index * 31) + j);
        }

        return data;
    }

    [Fact]
    public async Task ReliableOrdered_LossyReorderingLink_DeliversTenThousandMessagesExactlyOnceInOrder()
    {
        const int count = 10_000;
        var sizes = Sizes(count, 1);
        Assert.Equal(10, sizes.Count(s => s == 256 * 1024));
        await using var pair = await ChannelPair.ConnectAsync(Lossy);
        var (a, b) = await pair.OpenAsync("bulk");
        var received = new List<DataChannelMessage>(count);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.MessageReceived += (_, m) =>
        {
            received.Add(m);
            if (received.Count == count)
            {
                done.TrySetResult();
            }
        };

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await a.SendAsync(Payload(i, sizes[i]), highWaterMark: 2 * 1024 * 1024).WaitAsync(TimeSpan.FromSeconds(30));
        }

        await pair.Associations.Within(done.Task);
        output.WriteLine($"{sizes.Sum() / 1e6:F1} MB in {watch.ElapsedMilliseconds} ms; {pair.Associations.Describe()}");
        Assert.True(pair.Associations.Link.DroppedCount > 0 && pair.Associations.Link.DuplicatedCount > 0 && pair.Associations.Link.ReorderedCount > 0);
        Assert.True(pair.Associations.A.GetStatistics().Retransmissions > 0);
        for (var i = 0; i < count; i++)
        {
            Assert.False(received[i].IsText);
            Assert.True(Payload(i, sizes[i]).AsSpan().SequenceEqual(received[i].Data.Span), $"message {i} differs");
        }
    }

    [Fact]
    public async Task Unordered_LossyLink_DeliversEveryMessage()
    {
        const int count = 2000;
        await using var pair = await ChannelPair.ConnectAsync(Lossy);
        var (a, b) = await pair.OpenAsync("unordered", new RtcDataChannelInit { Ordered = false });
        var seen = new HashSet<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.MessageReceived += (_, m) =>
        {
            Assert.True(seen.Add(BitConverter.ToInt32(m.Data.Span)));
            if (seen.Count == count)
            {
                done.TrySetResult();
            }
        };

        for (var i = 0; i < count; i++)
        {
            var data = new byte[4 + (i % 3000)];
            BitConverter.TryWriteBytes(data, i);
            await a.SendAsync(data).WaitAsync(TimeSpan.FromSeconds(30));
        }

        await pair.Associations.Within(done.Task);
        Assert.Equal(count, seen.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task PartialReliability_LossyLink_SkipsLostMessagesWithForwardTsnAndKeepsDelivering(bool byLifetime)
    {
        // By lifetime: one message in flight at a time (high-water mark 0), so a loss is only detected by T3
        // (at least MinRto = 20 ms), long after the 5 ms lifetime: lost messages are abandoned, never resent.
        var count = byLifetime ? 300 : 3000;
        var highWaterMark = byLifetime ? 0 : 1024 * 1024;
        await using var pair = await ChannelPair.ConnectAsync(new SimulatedLinkOptions { LossRate = 0.05, Seed = 9 });
        var init = byLifetime
            ? new RtcDataChannelInit { MaxPacketLifeTime = TimeSpan.FromMilliseconds(5) }
            : new RtcDataChannelInit { MaxRetransmits = 0 };
        var (a, b) = await pair.OpenAsync("lossy", init);
        Assert.Equal(init.MaxRetransmits, b.MaxRetransmits);
        Assert.Equal(init.MaxPacketLifeTime, b.MaxPacketLifeTime);
        var got = new List<int>();
        var last = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.MessageReceived += (_, m) =>
        {
            var index = BitConverter.ToInt32(m.Data.Span);
            lock (got)
            {
                got.Add(index);
            }

            if (index >= count)
            {
                last.TrySetResult();
            }
        };

        for (var i = 0; i < count; i++)
        {
            var data = new byte[200];
            BitConverter.TryWriteBytes(data, i);
            await a.SendAsync(data, highWaterMark).WaitAsync(TimeSpan.FromSeconds(30));
        }

        // Later messages still flow: of ten markers (each lost with 5 % probability) at least one arrives.
        for (var i = 0; i < 10; i++)
        {
            var marker = new byte[200];
            BitConverter.TryWriteBytes(marker, count + i);
            await a.SendAsync(marker, highWaterMark).WaitAsync(TimeSpan.FromSeconds(30));
        }

        await pair.Associations.Within(last.Task);
        var statsA = pair.Associations.A.GetStatistics();
        output.WriteLine(pair.Associations.Describe());

        // Later markers may still be arriving on the association's loop: look at a snapshot.
        List<int> received;
        lock (got)
        {
            received = [.. got];
        }

        Assert.True(received.Count(x => x < count) < count, "some messages must have been lost");
        Assert.True(received.Count > count * 0.8);
        Assert.Equal(received.OrderBy(x => x), received);
        Assert.True(statsA.Retransmissions <= 3, "only the reliable DCEP OPEN may be retransmitted");
        Assert.True(statsA.ForwardTsnsSent > 0);
        Assert.True(statsA.AbandonedMessages > 0);
    }
}
