using System.Collections.Concurrent;
using Fledger.Broker.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Fledger.Broker;

/// <summary>
/// Typed message passing for one module: inputs go to the module's handlers, which emit outputs; outputs go
/// to subscribers, taps and links into other brokers. A broker is a cheap handle that can be shared and used
/// from any thread or callback. Messages are processed one at a time, in queue order, by whichever caller
/// finds the broker idle (no dedicated thread), so it runs unchanged on one WebAssembly thread and natively.
/// </summary>
/// <remarks>
/// <para>Sending: <see cref="EmitInputAsync"/>/<see cref="EmitOutputAsync"/> process the message now and complete
/// when it and everything it caused in linked brokers has been processed. <see cref="EnqueueInput"/>/
/// <see cref="EnqueueOutput"/> only queue; with <see cref="BrokerOptions.AutoProcess"/> a thread-pool work item
/// processes the queue soon after, otherwise <see cref="ProcessAsync"/> or <see cref="SettleAsync"/> does.
/// A message is never dropped because the broker is busy: it waits in the queue, in order.</para>
/// <para>From inside a handler, callback or translator, emits join the work of the message being processed
/// and return without waiting for it: the outer emit or settle waits. This is what keeps a handler that emits
/// into a broker which routes back to it from deadlocking.</para>
/// <para>A message that comes back over links to a broker it already passed (a translation loop) is dropped and
/// reported as <see cref="BrokerErrorKind.LoopDropped"/>. Outputs a handler emits start a fresh trail.</para>
/// </remarks>
/// <typeparam name="TIn">Input messages (usually an abstract record with sealed cases).</typeparam>
/// <typeparam name="TOut">Output messages (usually an abstract record with sealed cases).</typeparam>
public sealed partial class Broker<TIn, TOut> : IBrokerNode, IAsyncDisposable, IThreadPoolWorkItem
    where TIn : class
    where TOut : class
{
    private readonly ConcurrentQueue<QueuedEnvelope> _queue = new();
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private readonly BrokerOptions _options;
    private readonly OutputSink _sink;
    private readonly InputPort _inputPort;
    private readonly OutputPort _outputPort;
    private readonly CancellationTokenSource _disposeCts = new();
    private readonly CancellationToken _disposeToken;
    private TaskCompletionSource? _idle;
    private int _busy;
    private int _scheduled;
    private int _disposed;
    private long _errorCount;
    private long _processed;

    /// <summary>Creates a broker.</summary>
    /// <param name="name">A name for logs and errors; defaults to the message types.</param>
    /// <param name="logger">Where isolated errors are logged.</param>
    /// <param name="options">Processing options; <see cref="BrokerOptions.Default"/> when null.</param>
    public Broker(string? name = null, ILogger? logger = null, BrokerOptions? options = null)
    {
        Id = BrokerIds.Next();
        Name = name ?? $"{typeof(TIn).Name}/{typeof(TOut).Name}#{Id}";
        _logger = logger ?? NullLogger.Instance;
        _options = options ?? BrokerOptions.Default;
        _sink = new OutputSink(this);
        _inputPort = new InputPort(this);
        _outputPort = new OutputPort(this);
        _disposeToken = _disposeCts.Token;
    }

    /// <summary>A process-wide unique id.</summary>
    public int Id { get; }

    /// <summary>The name used in logs and errors.</summary>
    public string Name { get; }

    /// <summary>How many errors were isolated (thrown by handlers, callbacks or translators, or loops dropped).</summary>
    public long ErrorCount => Interlocked.Read(ref _errorCount);

    /// <summary>How many messages this broker processed.</summary>
    public long ProcessedCount => Interlocked.Read(ref _processed);

    /// <summary>Messages queued or being processed (a diagnostic snapshot).</summary>
    public int PendingCount => _queue.Count + Volatile.Read(ref _busy);

    /// <summary>True once disposed: further messages are dropped.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    bool IBrokerNode.IsIdle => IsIdle;

    // Queue first, then the lock: a message is always in the queue or processed under the lock, so reading in this
    // order never misses one that moves from the queue to a processing flow in between.
    private bool IsIdle => _queue.IsEmpty && Volatile.Read(ref _busy) == 0;

    /// <summary>Processes <paramref name="message"/> as an input now; completes when it and all it caused are processed.</summary>
    public ValueTask EmitInputAsync(TIn message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return EmitAsync(message, null);
    }

    /// <summary>Processes <paramref name="message"/> as an output now; completes when it and all it caused are processed.</summary>
    public ValueTask EmitOutputAsync(TOut message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return EmitAsync(null, message);
    }

    /// <summary>Queues an input; cheap, callable from any thread or callback.</summary>
    public void EnqueueInput(TIn message)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnqueueCore(message, false, JoinCurrentWork());
        ScheduleIfAuto();
    }

    /// <summary>Queues an output; cheap, callable from any thread or callback.</summary>
    public void EnqueueOutput(TOut message)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnqueueCore(message, true, JoinCurrentWork());
        ScheduleIfAuto();
    }

    /// <summary>
    /// Processes what is queued now (and, inline, what that forwards to idle linked brokers). Returns at once when
    /// another caller is processing this broker: that caller processes the queue.
    /// </summary>
    public ValueTask ProcessAsync() => DrainAsync();

    /// <summary>
    /// Processes until this broker and every broker reachable over its links are idle. Called from inside a handler
    /// it only processes what it can without waiting for itself.
    /// </summary>
    public async Task SettleAsync(CancellationToken cancellationToken = default)
    {
        if (ProcessingContext.Current is not null)
        {
            await DrainAsync();
            return;
        }

        var nodes = new List<IBrokerNode>();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            CollectGraph(nodes);
            foreach (var node in nodes)
            {
                await node.DrainAsync();
            }

            var idle = true;
            foreach (var node in nodes)
            {
                if (!node.IsIdle)
                {
                    idle = false;
                    await node.WaitIdleAsync().WaitAsync(cancellationToken);
                }
            }

            if (idle)
            {
                return;
            }
        }
    }

    /// <summary>Stops processing, drops what is queued, disposes all subscriptions and completes taps.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        _disposeCts.Cancel();
        DisposeSubscriptions();
        if (Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
        {
            DropQueued();
            Interlocked.Exchange(ref _busy, 0);
            SignalIdleIfWaited();
        }

        _disposeCts.Dispose();
        return ValueTask.CompletedTask;
    }

    ValueTask IBrokerNode.DrainAsync() => DrainAsync();

    Task IBrokerNode.WaitIdleAsync()
    {
        Task wait;
        lock (_gate)
        {
            if (IsIdle)
            {
                return Task.CompletedTask;
            }

            wait = (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }

        // A flow may have gone idle between the check and publishing _idle: it releases the lock with a full
        // fence and then looks for a waiter, we publish with a full fence and then look again.
        Interlocked.MemoryBarrier();
        if (IsIdle)
        {
            SignalIdleIfWaited();
        }

        return wait;
    }

    private static WorkToken? JoinCurrentWork() => Join(ProcessingContext.Current?.CurrentToken);

    private static WorkToken? Join(WorkToken? token) => token is not null && token.TryAdd() ? token : null;

    private void CollectGraph(List<IBrokerNode> nodes)
    {
        nodes.Clear();
        nodes.Add(this);
        for (var i = 0; i < nodes.Count; i++)
        {
            var start = nodes.Count;
            nodes[i].CollectTargets(nodes);
            for (var j = nodes.Count - 1; j >= start; j--)
            {
                if (nodes.IndexOf(nodes[j]) != j)
                {
                    nodes.RemoveAt(j);
                }
            }
        }
    }

    private static Envelope Pack(TIn? input, TOut? output, in Trail trail, WorkToken? token)
        => input is not null ? new Envelope(input, false, trail, token) : new Envelope(output!, true, trail, token);

    private sealed class OutputSink(Broker<TIn, TOut> broker) : IBrokerOutput<TOut>
    {
        public void Emit(TOut message)
        {
            ArgumentNullException.ThrowIfNull(message);
            if (broker.TryEmitLocal(message))
            {
                return;
            }

            broker.EnqueueCore(message, true, JoinCurrentWork());
            if (Volatile.Read(ref broker._busy) == 0)
            {
                broker.ScheduleIfAuto();
            }
        }
    }
}
