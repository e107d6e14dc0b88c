using System.Threading.Channels;
using Akka.Actor;
using Fledger.Broker;

namespace Fledger.Benchmarks;

public sealed record BenchIn(int Value);

public sealed record BenchOut(int Value);

/// <summary>The per-message work every case does: one input in, one (pre-built) output emitted.</summary>
internal sealed class EchoHandler(BenchOut[] outputs) : IHandler<BenchIn, BenchOut>
{
    public ValueTask HandleAsync(BenchIn message, IBrokerOutput<BenchOut> output, CancellationToken cancellationToken)
    {
        output.Emit(outputs[message.Value]);
        return ValueTask.CompletedTask;
    }

    /// <summary>Consumes the result of a call the non-broker cases make; the echo handler is synchronous.</summary>
    public static void Completed(ValueTask handled)
    {
        if (!handled.IsCompletedSuccessfully)
        {
            throw new InvalidOperationException("The echo handler completes synchronously.");
        }
    }
}

/// <summary>
/// For the non-broker cases: hands what <see cref="EchoHandler"/> emits straight to the observer, the way a broker
/// hands it to its output subscriber.
/// </summary>
internal sealed class ObserverOutput(Action<BenchOut> observer) : IBrokerOutput<BenchOut>
{
    public void Emit(BenchOut message) => observer(message);
}

/// <summary>
/// For the raw chain baseline: what a link into an idle broker does, with a raw channel hop in place of the broker:
/// translate the output, write it into the next channel, read it back, run the handler with the next output.
/// </summary>
internal sealed class ChannelHopOutput(
    Channel<BenchIn> channel, Func<BenchOut, BenchIn> translate, IHandler<BenchIn, BenchOut> handler, IBrokerOutput<BenchOut> next)
    : IBrokerOutput<BenchOut>
{
    public void Emit(BenchOut message)
    {
        channel.Writer.TryWrite(translate(message));
        channel.Reader.TryRead(out var read);
        EchoHandler.Completed(handler.HandleAsync(read!, next, CancellationToken.None));
    }
}

internal sealed class Counter
{
    private int _remaining;
    private TaskCompletionSource? _done;

    public int Count { get; set; }

    public Task Expect(int messages)
    {
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _remaining, messages);
        return _done.Task;
    }

    public void Hit()
    {
        if (Interlocked.Decrement(ref _remaining) == 0)
        {
            _done!.TrySetResult();
        }
    }
}

/// <summary>The Akka.NET counterpart of a broker with one handler and one output subscriber.</summary>
internal sealed class EchoActor : ReceiveActor
{
    public EchoActor(IHandler<BenchIn, BenchOut> handler, IBrokerOutput<BenchOut> output)
        => Receive<BenchIn>(message => EchoHandler.Completed(handler.HandleAsync(message, output, CancellationToken.None)));
}
