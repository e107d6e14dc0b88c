using Fledger.Broker.Testing;

namespace Fledger.Broker.Tests;

public sealed class BrokerEmitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private static Broker<In, Out> Echo(BrokerOptions? options = null)
    {
        var broker = new Broker<In, Out>("echo", options: options);
        broker.AddHandler((message, output) =>
        {
            if (message is Number n)
            {
                output.Emit(new Seen(n.Producer, n.Value));
            }

            return ValueTask.CompletedTask;
        });
        return broker;
    }

    [Fact]
    public async Task EmitInputAsync_HandlerEmitsOutputs_OutputsProcessedBeforeEmitCompletes()
    {
        await using var broker = Echo();
        var seen = new List<int>();
        using var subscription = broker.SubscribeOutputs(o => seen.Add(((Seen)o).Value));

        for (var i = 0; i < 100; i++)
        {
            await broker.EmitInputAsync(new Number(0, i)).AsTask().WaitAsync(Timeout);
            Assert.Equal(i + 1, seen.Count);
        }

        Assert.Equal(Enumerable.Range(0, 100), seen);
    }

    [Fact]
    public async Task EnqueueInput_ManualProcessing_NothingRunsUntilSettle()
    {
        await using var broker = Echo(BrokerOptions.Manual);
        using var probe = new ModuleProbe<In, Out>(broker);

        broker.EnqueueInput(new Number(0, 1));
        broker.EnqueueInput(new Number(0, 2));
        Assert.Empty(probe.Outputs);
        Assert.Equal(2, broker.PendingCount);

        await probe.SettleAsync();

        Assert.Equal([new Seen(0, 1), new Seen(0, 2)], probe.TakeOutputs());
        Assert.Equal(0, broker.PendingCount);
    }

    [Fact]
    public async Task EnqueueInput_AutoProcessing_ProcessedWithoutExplicitCall()
    {
        await using var broker = Echo();
        using var tap = broker.TapOutputs();

        broker.EnqueueInput(new Number(0, 7));

        var output = await tap.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        Assert.Equal(new Seen(0, 7), output);
    }

    [Fact]
    public async Task EmitAsync_AsyncHandlerThatYields_StillCompletesAfterOutputs()
    {
        await using var broker = new Broker<In, Out>();
        broker.AddHandler(async (message, output) =>
        {
            await Task.Yield();
            await Task.Delay(1);
            output.Emit(new Seen(0, ((Number)message).Value));
        });
        var seen = 0;
        using var subscription = broker.SubscribeOutputs(async _ =>
        {
            await Task.Yield();
            Interlocked.Increment(ref seen);
        });

        await broker.EmitInputAsync(new Number(0, 1)).AsTask().WaitAsync(Timeout);

        Assert.Equal(1, seen);
    }

    [Fact]
    public async Task ManyProducers_OnSeveralThreads_LoseNothingAndKeepPerProducerOrder()
    {
        const int producers = 8;
        const int perProducer = 5_000;
        await using var broker = Echo();
        var received = new List<int>[producers];
        for (var p = 0; p < producers; p++)
        {
            received[p] = [];
        }

        using var subscription = broker.SubscribeOutputs(o =>
        {
            var seen = (Seen)o;
            received[seen.Producer].Add(seen.Value);
        });

        var tasks = Enumerable.Range(0, producers).Select(p => Task.Run(async () =>
        {
            for (var i = 0; i < perProducer; i++)
            {
                if (p % 2 == 0)
                {
                    broker.EnqueueInput(new Number(p, i));
                }
                else
                {
                    await broker.EmitInputAsync(new Number(p, i));
                }
            }
        }));
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        await broker.SettleAsync().WaitAsync(Timeout);

        for (var p = 0; p < producers; p++)
        {
            Assert.Equal(Enumerable.Range(0, perProducer), received[p]);
        }
    }

    [Fact]
    public async Task DisposedBroker_EmitCompletesAndMessageIsDropped()
    {
        var broker = Echo();
        var outputs = 0;
        broker.SubscribeOutputs(_ => outputs++);
        await broker.DisposeAsync();

        await broker.EmitInputAsync(new Number(0, 1)).AsTask().WaitAsync(Timeout);
        broker.EnqueueInput(new Number(0, 2));
        await broker.SettleAsync().WaitAsync(Timeout);

        Assert.Equal(0, outputs);
        Assert.True(broker.IsDisposed);
        Assert.Equal(0, broker.PendingCount);
    }
}
