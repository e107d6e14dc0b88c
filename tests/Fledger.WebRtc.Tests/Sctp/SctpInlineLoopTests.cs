using System.Buffers.Binary;
using System.Collections.Concurrent;
using Fledger.WebRtc.Sctp;

namespace Fledger.WebRtc.Tests.Sctp;

/// <summary>
/// The association loop's run-inline-if-idle hand-off: a datagram that finds the loop idle is processed on the delivering
/// thread, everything else is queued; one owner at a time, order kept, calls from handlers queued behind them.
/// </summary>
public sealed class SctpInlineLoopTests
{
    private static readonly TimeSpan Timeout = AssociationPair.Timeout;

    [Fact]
    public async Task OnDatagram_LoopIdle_MessageDeliveredOnTheDeliveringThread()
    {
        using var link = new ThreadedLink(concurrentDelivery: false);
        await using var a = new SctpAssociation(link.A, AssociationPair.FastOptions, random: new Random(1));
        await using var b = new SctpAssociation(link.B, AssociationPair.FastOptions, random: new Random(2));
        await Task.WhenAll(a.ConnectAsync(), b.ConnectAsync()).WaitAsync(Timeout);
        var threads = new ConcurrentQueue<int>();
        var got = new SemaphoreSlim(0);
        b.MessageReceived += _ =>
        {
            threads.Enqueue(Environment.CurrentManagedThreadId);
            got.Release();
        };

        // One message at a time, each after the previous one arrived: every packet finds B's loop idle (give or take a
        // SACK timer firing meanwhile, hence "most").
        const int Messages = 20;
        for (var i = 0; i < Messages; i++)
        {
            Assert.True(a.Send(1, 53, new byte[] { (byte)i }));
            Assert.True(await got.WaitAsync(Timeout));
        }

        var onDeliveringThread = threads.Count(t => t == link.DeliveringThreadOfB);
        Assert.True(onDeliveringThread >= Messages / 2, $"{onDeliveringThread} of {Messages} on the delivering thread");
        Assert.True(b.PacketsProcessedInline >= Messages / 2, $"{b.PacketsProcessedInline} packets processed inline");
    }

    [Fact]
    public async Task OnDatagram_ConcurrentDeliveriesTimersAndUserSends_HandlersNeverOverlapAndStreamsStayOrdered()
    {
        // Every datagram is delivered on its own thread-pool item (concurrent and reordered), B echoes each message from
        // inside its handler while the test thread sends on another stream, and 10 ms SACK timers fire throughout.
        using var link = new ThreadedLink(concurrentDelivery: true);
        await using var a = new SctpAssociation(link.A, AssociationPair.FastOptions, random: new Random(3));
        await using var b = new SctpAssociation(link.B, AssociationPair.FastOptions, random: new Random(4));
        await Task.WhenAll(a.ConnectAsync(), b.ConnectAsync()).WaitAsync(Timeout);

        const int Messages = 1500;
        var bChecker = new OrderChecker();
        var aChecker = new OrderChecker();
        var aDone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.MessageReceived += m =>
        {
            bChecker.Enter(m);

            // Send from inside the handler: queued, handled after this handler returns.
            if (!b.Send(3, 53, m.Data.Span))
            {
                bChecker.Refused();
            }

            bChecker.Exit();
        };
        a.MessageReceived += m =>
        {
            aChecker.Enter(m);
            aChecker.Exit();
            if (aChecker.Count(3) == Messages && aChecker.Count(5) == Messages)
            {
                aDone.TrySetResult();
            }
        };

        var fromTest = Task.Run(async () =>
        {
            for (var i = 0; i < Messages; i++)
            {
                while (!b.Send(5, 53, Sequence(i)))
                {
                    await Task.Yield();
                }
            }
        });
        for (var i = 0; i < Messages; i++)
        {
            Assert.True(a.Send(1, 53, Sequence(i)));
        }

        await fromTest.WaitAsync(Timeout);
        await aDone.Task.WaitAsync(Timeout);
        Assert.Equal(0, bChecker.Overlaps + aChecker.Overlaps);
        Assert.Equal(0, bChecker.SendsRefused);
        Assert.Empty(bChecker.OutOfOrder.Concat(aChecker.OutOfOrder));
        Assert.Equal(Messages, bChecker.Count(1));
    }

    [Fact]
    public async Task OnDatagram_WhileAHandlerRuns_IsQueuedAndRunsAfterItOnTheOwningThread()
    {
        using var link = new ThreadedLink(concurrentDelivery: false);
        await using var a = new SctpAssociation(link.A, AssociationPair.FastOptions, random: new Random(7));
        await using var b = new SctpAssociation(link.B, AssociationPair.FastOptions, random: new Random(8));
        await Task.WhenAll(a.ConnectAsync(), b.ConnectAsync()).WaitAsync(Timeout);

        // Capture A's next two packets (one message each) instead of delivering them, to hand them to B by hand.
        link.HoldToB();
        for (var i = 0; i < 2; i++)
        {
            Assert.True(a.Send(1, 53, Sequence(i)));
            await link.HeldToB(i + 1).WaitAsync(Timeout);
        }

        var packets = link.TakeHeldToB();
        using var firstEntered = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var checker = new OrderChecker();
        var handlerThreads = new ConcurrentQueue<int>();
        var both = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.MessageReceived += m =>
        {
            checker.Enter(m);
            handlerThreads.Enqueue(Environment.CurrentManagedThreadId);
            if (checker.Count(1) == 1)
            {
                firstEntered.Set();
                releaseFirst.Wait(Timeout);
            }

            checker.Exit();
            if (checker.Count(1) == 2)
            {
                both.TrySetResult();
            }
        };

        // The first packet finds the loop idle and is processed on its delivering thread, whose handler then blocks.
        var first = new Thread(() => link.DeliverToB(packets[0])) { IsBackground = true };
        first.Start();
        Assert.True(firstEntered.Wait(Timeout));

        // The second, delivered meanwhile from this thread, must not enter the association: it is queued and returns.
        link.DeliverToB(packets[1]);
        Assert.Equal(1, checker.Count(1));
        releaseFirst.Set();
        await both.Task.WaitAsync(Timeout);
        Assert.True(first.Join(Timeout));
        Assert.Equal(0, checker.Overlaps);
        Assert.Empty(checker.OutOfOrder);
        Assert.Equal([first.ManagedThreadId, first.ManagedThreadId], handlerThreads);
    }

    [Fact]
    public async Task MessageReceived_PingPongSentFromHandlers_CompletesInOrder()
    {
        // Every send after the first is made from inside a handler running on the delivering thread.
        using var link = new ThreadedLink(concurrentDelivery: false);
        await using var a = new SctpAssociation(link.A, AssociationPair.FastOptions, random: new Random(5));
        await using var b = new SctpAssociation(link.B, AssociationPair.FastOptions, random: new Random(6));
        await Task.WhenAll(a.ConnectAsync(), b.ConnectAsync()).WaitAsync(Timeout);
        const int Rounds = 300;
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var expected = 0;
        b.MessageReceived += m => b.Send(2, 53, m.Data.Span);
        a.MessageReceived += m =>
        {
            var n = BinaryPrimitives.ReadInt32BigEndian(m.Data.Span);
            if (n != expected)
            {
                done.TrySetResult(-n);
                return;
            }

            if (++expected == Rounds)
            {
                done.TrySetResult(expected);
                return;
            }

            a.Send(1, 53, Sequence(expected));
        };

        Assert.True(a.Send(1, 53, Sequence(0)));
        Assert.Equal(Rounds, await done.Task.WaitAsync(Timeout));
    }

    private static byte[] Sequence(int n)
    {
        var payload = new byte[64];
        BinaryPrimitives.WriteInt32BigEndian(payload, n);
        return payload;
    }

    /// <summary>Counts handler overlaps and checks per-stream sequence numbers.</summary>
    private sealed class OrderChecker
    {
        private readonly ConcurrentDictionary<ushort, int> _next = new();
        private int _inside;
        private int _overlaps;
        private int _refused;

        public int Overlaps => Volatile.Read(ref _overlaps);

        public int SendsRefused => Volatile.Read(ref _refused);

        public ConcurrentQueue<string> OutOfOrder { get; } = new();

        public int Count(ushort stream) => _next.GetValueOrDefault(stream);

        public void Enter(SctpMessage m)
        {
            if (Interlocked.Increment(ref _inside) != 1)
            {
                Interlocked.Increment(ref _overlaps);
            }

            var n = BinaryPrimitives.ReadInt32BigEndian(m.Data.Span);
            var expected = _next.GetValueOrDefault(m.StreamId);
            if (n != expected)
            {
                OutOfOrder.Enqueue($"stream {m.StreamId}: {n} where {expected} was due");
            }

            _next[m.StreamId] = expected + 1;
        }

        public void Exit() => Interlocked.Decrement(ref _inside);

        public void Refused() => Interlocked.Increment(ref _refused);
    }
}
