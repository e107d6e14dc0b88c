using System.Threading.Channels;
using Akka.Actor;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Fledger.Broker;

namespace Fledger.Benchmarks;

/// <summary>
/// Messages/s and allocations/message of a broker hop against a raw <see cref="Channel{T}"/> hop and an Akka.NET actor.
/// Every case does the same work per message: one <see cref="BenchIn"/> goes in, the same <see cref="EchoHandler"/>
/// runs and emits one <see cref="BenchOut"/>, and one observer sees it (a field increment on the same thread, an
/// interlocked countdown across threads). Cases are grouped by category, each with its own channel baseline.
/// Run (bounded, prints one table): <c>dotnet run -c Release --project bench/Fledger.Benchmarks -- --filter '*BrokerBenchmarks*'</c>.
/// </summary>
[Config(typeof(BrokerBenchmarkConfig))]
public class BrokerBenchmarks
{
    private const int Messages = 10_000;
    private const string SameThread = "same thread";
    private const string CrossThread = "cross thread";
    private const string Chain = "chain of 3";

    private BenchIn[] _inputs = [];
    private Counter _counter = null!;
    private IHandler<BenchIn, BenchOut> _handler = null!;
    private IBrokerOutput<BenchOut> _countOutput = null!;
    private Broker<BenchIn, BenchOut> _single = null!;
    private Broker<BenchIn, BenchOut> _auto = null!;
    private Broker<BenchIn, BenchOut> _chainA = null!;
    private Channel<BenchIn> _channel = null!;
    private Channel<BenchIn> _chainChannel = null!;
    private IBrokerOutput<BenchOut> _chainOutput = null!;
    private Channel<BenchIn> _crossChannel = null!;
    private Task _crossReader = Task.CompletedTask;
    private ActorSystem _actors = null!;
    private IActorRef _actor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _inputs = Enumerable.Range(0, Messages).Select(i => new BenchIn(i)).ToArray();
        var outputs = _inputs.Select(i => new BenchOut(i.Value)).ToArray();
        _counter = new Counter();
        _handler = new EchoHandler(outputs);
        _countOutput = new ObserverOutput(_ => _counter.Count++);
        var hitOutput = new ObserverOutput(_ => _counter.Hit());

        _single = NewBroker("single", BrokerOptions.Manual);
        _single.SubscribeOutputs(_ => _counter.Count++);

        _auto = NewBroker("auto", BrokerOptions.Default);
        _auto.SubscribeOutputs(_ => _counter.Hit());

        _chainA = NewBroker("a", BrokerOptions.Manual);
        var chainB = NewBroker("b", BrokerOptions.Manual);
        var chainC = NewBroker("c", BrokerOptions.Manual);
        _chainA.ForwardOutputsToInputs(chainB, o => _inputs[o.Value]);
        chainB.ForwardOutputsToInputs(chainC, o => _inputs[o.Value]);
        chainC.SubscribeOutputs(_ => _counter.Count++);

        // Many writers, one reader: what a broker guarantees (any thread may send, one flow processes at a time).
        var options = new UnboundedChannelOptions { SingleReader = true, SingleWriter = false };
        _channel = Channel.CreateUnbounded<BenchIn>(options);
        _crossChannel = Channel.CreateUnbounded<BenchIn>(options);

        // The chain baseline: what a chain of three brokers does per message, with a raw channel hop for each broker.
        _chainChannel = Channel.CreateUnbounded<BenchIn>(options);
        var third = new ChannelHopOutput(Channel.CreateUnbounded<BenchIn>(options), o => _inputs[o.Value], _handler, _countOutput);
        _chainOutput = new ChannelHopOutput(Channel.CreateUnbounded<BenchIn>(options), o => _inputs[o.Value], _handler, third);
        _crossReader = Task.Run(() => ReadLoopAsync(_crossChannel.Reader, hitOutput));

        _actors = ActorSystem.Create("bench", "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING");
        _actor = _actors.ActorOf(Props.Create(() => new EchoActor(_handler, hitOutput)));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _crossChannel.Writer.TryComplete();
        _crossReader.Wait(TimeSpan.FromSeconds(10));
        _actors.Terminate().Wait(TimeSpan.FromSeconds(10));
    }

    [BenchmarkCategory(SameThread)]
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages, Description = "raw Channel<T> hop + handler")]
    public int RawChannelHop()
    {
        var writer = _channel.Writer;
        var reader = _channel.Reader;
        _counter.Count = 0;
        foreach (var input in _inputs)
        {
            writer.TryWrite(input);
            reader.TryRead(out var read);
            EchoHandler.Completed(_handler.HandleAsync(read!, _countOutput, CancellationToken.None));
        }

        return _counter.Count;
    }

    [BenchmarkCategory(SameThread)]
    [Benchmark(OperationsPerInvoke = Messages, Description = "broker, 1 handler, EmitInputAsync each")]
    public async Task<int> BrokerEmit()
    {
        _counter.Count = 0;
        foreach (var input in _inputs)
        {
            await _single.EmitInputAsync(input);
        }

        return _counter.Count;
    }

    [BenchmarkCategory(SameThread)]
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

    [BenchmarkCategory(Chain)]
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages, Description = "raw Channel<T> chain of 3 hops + handlers")]
    public int RawChannelChainOfThree()
    {
        var writer = _chainChannel.Writer;
        var reader = _chainChannel.Reader;
        _counter.Count = 0;
        foreach (var input in _inputs)
        {
            writer.TryWrite(input);
            reader.TryRead(out var read);
            EchoHandler.Completed(_handler.HandleAsync(read!, _chainOutput, CancellationToken.None));
        }

        return _counter.Count;
    }

    [BenchmarkCategory(Chain)]
    [Benchmark(OperationsPerInvoke = Messages, Description = "broker, chain of 3 (3 hops), Enqueue + Settle")]
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

    [BenchmarkCategory(CrossThread)]
    [Benchmark(Baseline = true, OperationsPerInvoke = Messages, Description = "raw Channel<T> to a reader task + handler")]
    public async Task<int> RawChannelCrossThread()
    {
        var done = _counter.Expect(Messages);
        var writer = _crossChannel.Writer;
        foreach (var input in _inputs)
        {
            writer.TryWrite(input);
        }

        await done;
        return Messages;
    }

    [BenchmarkCategory(CrossThread)]
    [Benchmark(OperationsPerInvoke = Messages, Description = "broker, 1 handler, EnqueueInput (auto)")]
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

    [BenchmarkCategory(CrossThread)]
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

    private async Task ReadLoopAsync(ChannelReader<BenchIn> reader, IBrokerOutput<BenchOut> output)
    {
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var input))
            {
                EchoHandler.Completed(_handler.HandleAsync(input, output, CancellationToken.None));
            }
        }
    }

    private Broker<BenchIn, BenchOut> NewBroker(string name, BrokerOptions options)
    {
        var broker = new Broker<BenchIn, BenchOut>(name, options: options);
        broker.AddHandler(_handler);
        return broker;
    }

    private sealed class BrokerBenchmarkConfig : ManualConfig
    {
        public BrokerBenchmarkConfig()
        {
            AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(3).WithIterationCount(10));
            AddDiagnoser(MemoryDiagnoser.Default);
            AddColumn(new MessagesPerSecondColumn());
            AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory);
            HideColumns("Error", "RatioSD", "Alloc Ratio");

            // The generated benchmark project builds in ~40 s on an idle 2-core machine, minutes when it is busy.
            WithBuildTimeout(TimeSpan.FromMinutes(10));
        }
    }
}
