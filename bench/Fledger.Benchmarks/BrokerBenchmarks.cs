using System.Threading.Channels;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using Fledger.Broker;

namespace Fledger.Benchmarks;

/// <summary>
/// Messages/s and allocations/message of one broker hop against a raw Channel hop and an Akka.NET actor.
/// Run: dotnet run -c Release --project bench/Fledger.Benchmarks -- --filter '*BrokerBenchmarks*'
/// </summary>
[MemoryDiagnoser]
public class BrokerBenchmarks
{
    private const int Messages = 10_000;

    private BenchIn[] _inputs = [];
    private Broker<BenchIn, BenchOut> _single = null!;
    private Broker<BenchIn, BenchOut> _auto = null!;
    private Broker<BenchIn, BenchOut> _chainA = null!;
    private Broker<BenchIn, BenchOut> _chainB = null!;
    private Broker<BenchIn, BenchOut> _chainC = null!;
    private Channel<BenchIn> _channel = null!;
    private ActorSystem _actors = null!;
    private IActorRef _actor = null!;
    private Counter _counter = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inputs = Enumerable.Range(0, Messages).Select(i => new BenchIn(i)).ToArray();
        var outputs = _inputs.Select(i => new BenchOut(i.Value)).ToArray();
        _counter = new Counter();

        _single = NewBroker("single", outputs, BrokerOptions.Manual);
        _single.SubscribeOutputs(_ => _counter.Count++);

        _auto = NewBroker("auto", outputs, BrokerOptions.Default);
        _auto.SubscribeOutputs(_ => _counter.Hit());

        _chainA = NewBroker("a", outputs, BrokerOptions.Manual);
        _chainB = NewBroker("b", outputs, BrokerOptions.Manual);
        _chainC = NewBroker("c", outputs, BrokerOptions.Manual);
        _chainA.ForwardOutputsToInputs(_chainB, o => _inputs[o.Value]);
        _chainB.ForwardOutputsToInputs(_chainC, o => _inputs[o.Value]);
        _chainC.SubscribeOutputs(_ => _counter.Count++);

        _channel = Channel.CreateUnbounded<BenchIn>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        _actors = ActorSystem.Create("bench", "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
        _actor = _actors.ActorOf(Props.Create(() => new CountingActor(_counter)));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _actors.Terminate().Wait();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages, Description = "raw Channel<T> hop")]
    public int RawChannelHop()
    {
        var writer = _channel.Writer;
        var reader = _channel.Reader;
        var sum = 0;
        foreach (var input in _inputs)
        {
            writer.TryWrite(input);
            reader.TryRead(out var read);
            sum += read!.Value;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "broker, 1 handler, EmitInputAsync")]
    public async Task<int> BrokerEmit()
    {
        _counter.Count = 0;
        foreach (var input in _inputs)
        {
            await _single.EmitInputAsync(input);
        }

        return _counter.Count;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "broker, 1 handler, Enqueue + Settle")]
    public async Task<int> BrokerEnqueue()
    {
        _counter.Count = 0;
        foreach (var input in _inputs)
        {
            _single.EnqueueInput(input);
        }

        await _single.SettleAsync();
        return _counter.Count;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "broker, chain of 3, Enqueue + Settle")]
    public async Task<int> BrokerChainOfThree()
    {
        _counter.Count = 0;
        foreach (var input in _inputs)
        {
            _chainA.EnqueueInput(input);
        }

        await _chainA.SettleAsync();
        return _counter.Count;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "broker, 1 handler, Enqueue from another thread (auto)")]
    public async Task<int> BrokerAutoCrossThread()
    {
        var done = _counter.Expect(Messages);
        foreach (var input in _inputs)
        {
            _auto.EnqueueInput(input);
        }

        await done;
        return Messages;
    }

    [Benchmark(OperationsPerInvoke = Messages, Description = "Akka.NET actor, Tell")]
    public async Task<int> AkkaActor()
    {
        var done = _counter.Expect(Messages);
        foreach (var input in _inputs)
        {
            _actor.Tell(input);
        }

        await done;
        return Messages;
    }

    private static Broker<BenchIn, BenchOut> NewBroker(string name, BenchOut[] outputs, BrokerOptions options)
    {
        var broker = new Broker<BenchIn, BenchOut>(name, options: options);
        broker.AddHandler(new EchoHandler(outputs));
        return broker;
    }
}
