namespace Fledger.Broker.Tests;

public sealed class BrokerErrorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ThrowingHandler_IsIsolated_OtherHandlersAndLaterMessagesRun()
    {
        await using var broker = new Broker<In, Out>("faulty");
        broker.AddHandler((message, _) => message is Fail ? throw new InvalidOperationException("boom") : ValueTask.CompletedTask);
        broker.AddHandler((message, output) =>
        {
            output.Emit(new Seen(0, message is Number n ? n.Value : -1));
            return ValueTask.CompletedTask;
        });
        var errors = new List<BrokerError>();
        using var onError = broker.OnError(errors.Add);
        var seen = new List<int>();
        using var subscription = broker.SubscribeOutputs(o => seen.Add(((Seen)o).Value));

        await broker.EmitInputAsync(new Fail(0)).AsTask().WaitAsync(Timeout);
        await broker.EmitInputAsync(new Number(0, 1)).AsTask().WaitAsync(Timeout);

        Assert.Equal([-1, 1], seen);
        var error = Assert.Single(errors);
        Assert.Equal(BrokerErrorKind.HandlerFailed, error.Kind);
        Assert.IsType<InvalidOperationException>(error.Exception);
        Assert.Equal(1, broker.ErrorCount);
    }

    [Fact]
    public async Task ThrowingTranslatorAndSubscriber_AreIsolated_LaterMessagesFlow()
    {
        await using var a = new Broker<In, Out>("a");
        await using var b = new Broker<In, Out>("b");
        using var link = a.ForwardOutputsToOutputs(b, o => ((Seen)o).Value == 0 ? throw new FormatException() : o);
        using var bad = a.SubscribeOutputs(o =>
        {
            if (((Seen)o).Value == 1)
            {
                throw new InvalidOperationException();
            }
        });
        var kinds = new List<BrokerErrorKind>();
        using var onError = a.OnError(e => kinds.Add(e.Kind));
        var atB = new List<int>();
        using var subscription = b.SubscribeOutputs(o => atB.Add(((Seen)o).Value));

        for (var i = 0; i < 3; i++)
        {
            await a.EmitOutputAsync(new Seen(0, i)).AsTask().WaitAsync(Timeout);
        }

        Assert.Equal([1, 2], atB);
        Assert.Equal([BrokerErrorKind.TranslatorFailed, BrokerErrorKind.SubscriberFailed], kinds);
    }

    [Fact]
    public async Task ThrowingErrorCallback_IsIgnored()
    {
        await using var broker = new Broker<In, Out>();
        broker.AddHandler((_, _) => throw new InvalidOperationException());
        using var onError = broker.OnError(_ => throw new InvalidOperationException("callback"));

        await broker.EmitInputAsync(new Fail(0)).AsTask().WaitAsync(Timeout);
        await broker.EmitInputAsync(new Fail(1)).AsTask().WaitAsync(Timeout);

        Assert.Equal(2, broker.ErrorCount);
    }
}
