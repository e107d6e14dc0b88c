using System.Collections.Concurrent;
using Fledger.WebRtc.Transport;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.WebRtc.Tests.Sctp;

public sealed class SimulatedLinkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task SendAsync_LosslessLink_DeliversEveryDatagramInOrder()
    {
        using var link = new SimulatedLink();
        var received = new ConcurrentQueue<int>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        link.B.SetReceiver(d =>
        {
            received.Enqueue(BitConverter.ToInt32(d));
            if (received.Count == 1000)
            {
                done.TrySetResult();
            }
        });

        for (var i = 0; i < 1000; i++)
        {
            await link.A.SendAsync(BitConverter.GetBytes(i));
        }

        await done.Task.WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, 1000), received);
    }

    [Fact]
    public async Task SendAsync_WithImpairments_DropsDuplicatesAndReorders()
    {
        using var link = new SimulatedLink(new SimulatedLinkOptions { LossRate = 0.1, DuplicateRate = 0.1, ReorderRate = 0.1, Seed = 7 });
        var received = new ConcurrentQueue<int>();
        using var arrivals = new SemaphoreSlim(0);
        link.A.SetReceiver(d =>
        {
            received.Enqueue(BitConverter.ToInt32(d));
            arrivals.Release();
        });
        for (var i = 0; i < 2000; i++)
        {
            await link.B.SendAsync(BitConverter.GetBytes(i));
        }

        var expected = 2000 - link.DroppedCount + link.DuplicatedCount;
        for (var i = 0; i < expected; i++)
        {
            Assert.True(await arrivals.WaitAsync(Timeout));
        }

        Assert.Equal(expected, received.Count);
        Assert.InRange(link.DroppedCount, 100, 300);
        Assert.InRange(link.DuplicatedCount, 100, 300);
        Assert.True(link.ReorderedCount > 100);
        var list = received.ToList();
        Assert.Contains(list.Zip(list.Skip(1)), p => p.First > p.Second);
    }

    [Fact]
    public async Task SetReceiver_AfterDatagramsArrived_DeliversParkedDatagrams()
    {
        using var link = new SimulatedLink();
        await link.A.SendAsync(new byte[] { 1 });
        await link.A.SendAsync(new byte[] { 2 });
        var received = new ConcurrentQueue<byte>();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        link.B.SetReceiver(d =>
        {
            received.Enqueue(d[0]);
            if (received.Count == 2)
            {
                done.TrySetResult();
            }
        });
        await done.Task.WaitAsync(Timeout);
        Assert.Equal(new byte[] { 1, 2 }, received);
    }

    [Fact]
    public async Task SendAsync_OversizedOrPartitioned_Drops()
    {
        using var link = new SimulatedLink(new SimulatedLinkOptions { MaxDatagramSize = 10 });
        await link.A.SendAsync(new byte[11]);
        link.IsPartitioned = true;
        await link.A.SendAsync(new byte[1]);
        Assert.Equal(2, link.DroppedCount);
    }

    [Fact]
    public async Task SendAsync_WithDelay_DeliversOnlyWhenTheClockReachesIt()
    {
        var time = new FakeTimeProvider();
        using var link = new SimulatedLink(new SimulatedLinkOptions { Delay = TimeSpan.FromMilliseconds(50), TimeProvider = time });
        var got = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        link.B.SetReceiver(_ => got.TrySetResult());
        await link.A.SendAsync(new byte[] { 1 });
        time.Advance(TimeSpan.FromMilliseconds(49));
        Assert.Equal(0, link.DeliveredCount);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await got.Task.WaitAsync(Timeout);
        Assert.Equal(1, link.DeliveredCount);
    }
}
