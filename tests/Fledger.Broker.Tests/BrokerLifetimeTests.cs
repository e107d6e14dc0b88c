namespace Fledger.Broker.Tests;

[Collection(ProcessCountersCollection.Name)]
public sealed class BrokerLifetimeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Dispose_EverySubscription_CountsBackToZero()
    {
        await using var a = new Broker<In, Out>("a");
        await using var b = new Broker<In, Out>("b");
        var handler = a.AddHandler((_, _) => ValueTask.CompletedTask);
        var inputs = a.SubscribeInputs(_ => { });
        var outputs = a.SubscribeOutputs(_ => ValueTask.CompletedTask);
        var tap = a.TapOutputs();
        var errors = a.OnError(_ => { });
        var link = a.Link(b, o => new Number(0, 0), o => null);
        var pass = a.PassThrough(b, o => o, i => i);
        Assert.Equal(7, a.SubscriptionCount);
        Assert.Equal(2, b.SubscriptionCount);

        foreach (var subscription in new IDisposable[] { handler, inputs, outputs, tap, errors, link, pass })
        {
            subscription.Dispose();
            subscription.Dispose();
        }

        Assert.Equal(0, a.SubscriptionCount);
        Assert.Equal(0, b.SubscriptionCount);
        Assert.True(tap.Reader.Completion.IsCompleted);
    }

    [Fact]
    public async Task DisposeAsync_Broker_RemovesItsSubscriptionsFromTheProcessCount()
    {
        var before = BrokerDiagnostics.LiveSubscriptions;
        var broker = new Broker<In, Out>();
        broker.AddHandler((_, _) => ValueTask.CompletedTask);
        using var tap = broker.TapInputs();
        Assert.True(BrokerDiagnostics.LiveSubscriptions >= before + 2);

        await broker.DisposeAsync();

        Assert.Equal(0, broker.SubscriptionCount);
        Assert.True(tap.Reader.Completion.IsCompleted);
    }

    [Fact]
    public async Task Unlink_AfterDispose_MessagesNoLongerForwarded()
    {
        await using var a = new Broker<In, Out>("a");
        await using var b = new Broker<In, Out>("b");
        var atB = 0;
        using var subscription = b.SubscribeOutputs(_ => atB++);
        var link = a.ForwardOutputsToOutputs(b, o => o);

        await a.EmitOutputAsync(new Seen(0, 1)).AsTask().WaitAsync(Timeout);
        link.Dispose();
        await a.EmitOutputAsync(new Seen(0, 2)).AsTask().WaitAsync(Timeout);

        Assert.Equal(1, atB);
    }

    [Fact]
    public async Task BoundedTap_SlowReader_AppliesBackPressureWithoutLoss()
    {
        await using var broker = new Broker<In, Out>();
        using var tap = broker.TapOutputs(capacity: 4);
        const int count = 200;

        var producer = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await broker.EmitOutputAsync(new Seen(0, i));
            }
        });

        var received = new List<int>();
        await foreach (var message in tap.ReadAllAsync().WithCancellation(new CancellationTokenSource(Timeout).Token))
        {
            received.Add(((Seen)message).Value);
            Assert.True(broker.PendingCount <= count);
            if (received.Count == count)
            {
                break;
            }
        }

        await producer.WaitAsync(Timeout);
        Assert.Equal(Enumerable.Range(0, count), received);
    }
}
