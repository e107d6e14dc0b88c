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
    private readonly ConcurrentQueue<Envelope> _queue = new();
    private readonly Lock _gate = new();
    private readonly ILogger _logger;
    private readonly BrokerOptions _options;
    private readonly OutputSink _sink;
    private readonly CancellationTokenSource _disposeCts = new();
    private TaskCompletionSource? _idle;
    private int _busy;
    private int _pending;
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
    }

    /// <summary>A process-wide unique id.</summary>
    public int Id { get; }

    /// <summary>The name used in logs and errors.</summary>
    public string Name { get; }

    /// <summary>How many errors were isolated (thrown by handlers, callbacks or translators, or loops dropped).</summary>
    public long ErrorCount => Interlocked.Read(ref _errorCount);

    /// <summary>How many messages this broker processed.</summary>
    public long ProcessedCount => Interlocked.Read(ref _processed);

    /// <summary>Messages queued or being processed.</summary>
    public int PendingCount => Volatile.Read(ref _pending);

    /// <summary>True once disposed: further messages are dropped.</summary>
    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    bool IBrokerNode.IsIdle => Volatile.Read(ref _pending) == 0;

    /// <summary>Processes <paramref name="message"/> as an input now; completes when it and all it caused are processed.</summary>
    public ValueTask EmitInputAsync(TIn message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return EmitAsync(new Envelope(message, null, default, null));
    }

    /// <summary>Processes <paramref name="message"/> as an output now; completes when it and all it caused are processed.</summary>
    public ValueTask EmitOutputAsync(TOut message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return EmitAsync(new Envelope(null, message, default, null));
    }

    /// <summary>Queues an input; cheap, callable from any thread or callback.</summary>
    public void EnqueueInput(TIn message)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnqueueCore(new Envelope(message, null, default, JoinCurrentWork()));
        ScheduleIfAuto();
    }

    /// <summary>Queues an output; cheap, callable from any thread or callback.</summary>
    public void EnqueueOutput(TOut message)
    {
        ArgumentNullException.ThrowIfNull(message);
        EnqueueCore(new Envelope(null, message, default, JoinCurrentWork()));
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
            Volatile.Write(ref _busy, 0);
        }

        _disposeCts.Dispose();
        return ValueTask.CompletedTask;
    }

    void IThreadPoolWorkItem.Execute()
    {
        Volatile.Write(ref _scheduled, 0);
        var drain = DrainAsync();
        if (!drain.IsCompleted)
        {
            _ = drain.AsTask();
        }
    }

    ValueTask IBrokerNode.DrainAsync() => DrainAsync();

    Task IBrokerNode.WaitIdleAsync()
    {
        lock (_gate)
        {
            if (Volatile.Read(ref _pending) == 0)
            {
                return Task.CompletedTask;
            }

            return (_idle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    internal void EnqueueLinkedInput(TIn message, Trail trail, WorkToken? token)
        => EnqueueCore(new Envelope(message, null, trail, Join(token)));

    internal void EnqueueLinkedOutput(TOut message, Trail trail, WorkToken? token)
        => EnqueueCore(new Envelope(null, message, trail, Join(token)));

    private static WorkToken? JoinCurrentWork() => Join(ProcessingContext.Current?.CurrentToken);

    private static WorkToken? Join(WorkToken? token) => token is not null && token.TryAdd() ? token : null;

    private ValueTask EmitAsync(Envelope envelope)
    {
        if (ProcessingContext.Current is { } context)
        {
            EnqueueCore(envelope with { Token = Join(context.CurrentToken) });
            return DrainAsync();
        }

        var token = WorkToken.Rent();
        token.Start();
        EnqueueCore(envelope with { Token = token });
        var drain = DrainAsync();
        if (drain.IsCompletedSuccessfully)
        {
            return token.WaitAsync();
        }

        return DrainThenWaitAsync(drain, token);
    }

    private static async ValueTask DrainThenWaitAsync(ValueTask drain, WorkToken token)
    {
        await drain;
        await token.WaitAsync();
    }

    private void EnqueueCore(Envelope envelope)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            envelope.Token?.Release();
            Report(BrokerErrorKind.Disposed, (object?)envelope.Input ?? envelope.Output, null);
            return;
        }

        Interlocked.Increment(ref _pending);
        _queue.Enqueue(envelope);
    }

    private void ScheduleIfAuto()
    {
        if (_options.AutoProcess && Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private ValueTask DrainAsync()
    {
        if (_queue.IsEmpty || Volatile.Read(ref _busy) != 0)
        {
            return ValueTask.CompletedTask;
        }

        return DrainCoreAsync();
    }

    private async ValueTask DrainCoreAsync()
    {
        var context = ProcessingContext.Current ?? ProcessingContext.Enter();
        while (Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
        {
            var saved = context.CurrentToken;
            try
            {
                while (_queue.TryDequeue(out var envelope))
                {
                    if (Volatile.Read(ref _disposed) == 0)
                    {
                        context.CurrentToken = envelope.Token;
                        var processing = ProcessOneAsync(envelope);
                        if (!processing.IsCompletedSuccessfully)
                        {
                            await processing;
                        }

                        Volatile.Write(ref _processed, _processed + 1);
                    }

                    envelope.Token?.Release();
                    DecrementPending();
                }
            }
            finally
            {
                context.CurrentToken = saved;
                Volatile.Write(ref _busy, 0);
            }

            if (_queue.IsEmpty)
            {
                return;
            }
        }
    }

    private void DropQueued()
    {
        while (_queue.TryDequeue(out var envelope))
        {
            envelope.Token?.Release();
            DecrementPending();
        }
    }

    private void DecrementPending()
    {
        if (Interlocked.Decrement(ref _pending) == 0)
        {
            lock (_gate)
            {
                if (Volatile.Read(ref _pending) == 0 && _idle is { } idle)
                {
                    _idle = null;
                    idle.TrySetResult();
                }
            }
        }
    }

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

    private readonly record struct Envelope(TIn? Input, TOut? Output, Trail Trail, WorkToken? Token);

    private sealed class OutputSink(Broker<TIn, TOut> broker) : IBrokerOutput<TOut>
    {
        public void Emit(TOut message)
        {
            ArgumentNullException.ThrowIfNull(message);
            if (broker.TryEmitLocal(message))
            {
                return;
            }

            broker.EnqueueCore(new Envelope(null, message, default, JoinCurrentWork()));
            if (Volatile.Read(ref broker._busy) == 0)
            {
                broker.ScheduleIfAuto();
            }
        }
    }
}
