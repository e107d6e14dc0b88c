using Akka.Actor;
using Fledger.Broker;

namespace Fledger.Benchmarks;

public sealed record BenchIn(int Value);

public sealed record BenchOut(int Value);

internal sealed class EchoHandler(BenchOut[] outputs) : IHandler<BenchIn, BenchOut>
{
    public ValueTask HandleAsync(BenchIn message, IBrokerOutput<BenchOut> output, CancellationToken cancellationToken)
    {
        output.Emit(outputs[message.Value]);
        return ValueTask.CompletedTask;
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

internal sealed class CountingActor : ReceiveActor
{
    public CountingActor(Counter counter) => Receive<BenchIn>(_ => counter.Hit());
}
