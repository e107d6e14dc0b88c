using System.Runtime.CompilerServices;
using Fledger.Broker.Internal;

namespace Fledger.Broker;

// Who processes what, and when. One flow at a time holds _busy and processes: first the message it came with
// (processed inline when the broker was idle with an empty queue, without going through the queue), then the queue
// until it is empty. Everything is synchronous until a handler or subscriber really completes asynchronously; only
// then does an async state machine take over the rest of the drain.
public sealed partial class Broker<TIn, TOut>
{
    void IThreadPoolWorkItem.Execute()
    {
        var drain = DrainAsync();
        Interlocked.Exchange(ref _scheduled, 0);
        if (!drain.IsCompleted)
        {
            // The drain went asynchronous; it still owns the lock and re-checks the queue when it releases it.
            _ = drain.AsTask();
        }
        else if (!_queue.IsEmpty && Volatile.Read(ref _busy) == 0)
        {
            // Queued after our drain looked for the last time, by producers that saw this work item still scheduled.
            ScheduleIfAuto();
        }
    }

    private ValueTask EmitAsync(TIn? input, TOut? output)
    {
        if (ProcessingContext.Find(out var callerEntry) is { } context)
        {
            // From inside a flow: the caller may not await us, so even a message processed inline is counted.
            return Post(input, output, Trail.Empty, context.CurrentToken, borrow: false);
        }

        if (Volatile.Read(ref _disposed) == 0 && Volatile.Read(ref _busy) == 0 && Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
        {
            if (_queue.IsEmpty)
            {
                return EmitInline(input, output, callerEntry);
            }

            // Queued by another flow between: it goes first, ours after it.
            return EnqueueHeldAndWait(input, output);
        }

        var token = WorkToken.Rent();
        return WaitForToken(Post(input, output, Trail.Empty, token, borrow: true), token);
    }

    /// <summary>
    /// The emit fast path, with the lock held and the queue empty: enters a processing context, processes the
    /// message in place with the context's emit token and, when everything completed synchronously and nothing it
    /// caused waits in another broker, keeps the token for the next emit and returns a completed task.
    /// </summary>
    private ValueTask EmitInline(TIn? input, TOut? output, ProcessingContext.CacheEntry? callerEntry)
    {
        var scope = ProcessingContext.Enter(callerEntry, out var context);
        var token = context.BeginEmit();
        ValueTask run;
        try
        {
            run = RunInline(context, input, output, Trail.Empty, token, owned: false);
            if (!run.IsCompletedSuccessfully)
            {
                // The context now belongs to a flow that goes on asynchronously (with the token current).
                scope.Detach();
            }
        }
        finally
        {
            scope.Exit();
        }

        if (!run.IsCompletedSuccessfully)
        {
            return DrainThenWaitAsync(run, token, context);
        }

        if (token.ReleaseOwner(keep: true))
        {
            return ValueTask.CompletedTask;
        }

        context.ReleaseEmitToken();
        return token.WaitAsync();
    }

    private static ValueTask WaitForToken(ValueTask drain, WorkToken token)
    {
        if (!drain.IsCompletedSuccessfully)
        {
            return DrainThenWaitAsync(drain, token);
        }

        return token.ReleaseOwner() ? ValueTask.CompletedTask : token.WaitAsync();
    }

    // Out of line: an inlined async stub puts its state machine in the caller's frame, zeroed on every emit.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async ValueTask DrainThenWaitAsync(ValueTask drain, WorkToken token, ProcessingContext? detached = null)
    {
        try
        {
            await drain;
        }
        finally
        {
            // The flow is over: its detached context must not keep a token that goes back to the pool.
            detached?.ReleaseEmitToken();

            if (!token.ReleaseOwner())
            {
                await token.WaitAsync();
            }
        }
    }

    /// <summary>
    /// Processes the message now when this broker is idle and nothing is queued; otherwise queues it, joined to
    /// <paramref name="token"/>, and drains if it can. The result completes when the inline processing is done.
    /// With <paramref name="borrow"/>, the caller awaits the result while it holds a count of <paramref name="token"/>,
    /// so inline processing needs no count of its own.
    /// </summary>
    private ValueTask Post(TIn? input, TOut? output, in Trail trail, WorkToken? token, bool borrow)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            Report(BrokerErrorKind.Disposed, (object?)input ?? output, null);
            return ValueTask.CompletedTask;
        }

        if (Volatile.Read(ref _busy) == 0 && Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
        {
            if (_queue.IsEmpty)
            {
                var context = ProcessingContext.Current;
                var joined = borrow ? token : Join(token);
                return context is not null
                    ? RunInline(context, input, output, trail, joined, owned: !borrow)
                    : RunEntered(input, output, trail, joined, owned: !borrow);
            }

            return EnqueueAndDrain(input, output, trail, token, held: true);
        }

        return EnqueueAndDrain(input, output, trail, token, held: false);
    }

    // The queued paths are kept out of the inline path's frame: their envelopes would add zeroed stack space to every hop.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask EnqueueAndDrain(TIn? input, TOut? output, in Trail trail, WorkToken? token, bool held)
    {
        _queue.Enqueue(new QueuedEnvelope(Pack(input, output, trail, Join(token))));
        return held ? DrainHeld() : DrainAsync();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask EnqueueHeldAndWait(TIn? input, TOut? output)
    {
        var queued = WorkToken.Rent();
        _queue.Enqueue(new QueuedEnvelope(Pack(input, output, Trail.Empty, Join(queued))));
        return WaitForToken(DrainHeld(), queued);
    }

    /// <summary><see cref="RunInline"/> from outside a flow (an emit that found the broker busy, then idle): enters a processing context first.</summary>
    private ValueTask RunEntered(TIn? input, TOut? output, in Trail trail, WorkToken? token, bool owned)
    {
        var scope = ProcessingContext.Enter(out var context);
        try
        {
            var run = RunInline(context, input, output, trail, token, owned);
            if (!run.IsCompletedSuccessfully)
            {
                // The context now belongs to a flow that goes on asynchronously.
                scope.Detach();
            }

            return run;
        }
        finally
        {
            scope.Exit();
        }
    }

    /// <summary>
    /// With the lock held and the queue empty: processes one message in place (typed, the trail by reference, no
    /// envelope), then releases the lock, or drains what was queued meanwhile.
    /// </summary>
    // No catch here (it would keep this method from being inlined into every hop): handlers, subscribers and
    // translators are isolated where they are called, so only a bug in this class could leave the broker locked.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ValueTask RunInline(ProcessingContext context, TIn? input, TOut? output, in Trail trail, WorkToken? token, bool owned)
    {
        // A hop usually borrows the token its caller already made current: skip the two reference writes then.
        var saved = context.CurrentToken;
        var switched = !ReferenceEquals(saved, token);
        if (switched)
        {
            context.CurrentToken = token;
        }

        var processing = input is not null
            ? ProcessInput(input, trail, token)
            : DeliverOutputs(Volatile.Read(ref _outputSubscriptions), output!, trail, token);
        if (!processing.IsCompletedSuccessfully)
        {
            return ContinueSlow(context, saved, input, output, trail, token, owned, processing);
        }

        if (switched)
        {
            context.CurrentToken = saved;
        }

        if (owned)
        {
            token?.Release();
        }

        Volatile.Write(ref _processed, _processed + 1);
        return ReleaseAndRetake() ? DrainHeld() : ValueTask.CompletedTask;
    }

    // Messages queued from outside a link carry no trail: the entry is built directly, without a full envelope.
    private void EnqueueCore(object message, bool isOutput, WorkToken? token)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            token?.Release();
            Report(BrokerErrorKind.Disposed, message, null);
            return;
        }

        _queue.Enqueue(new QueuedEnvelope(message, isOutput, token));
    }

    private bool TryDequeue(out Envelope envelope)
    {
        if (_queue.TryDequeue(out var queued))
        {
            envelope = queued.Take();
            return true;
        }

        envelope = default;
        return false;
    }

    private void ScheduleIfAuto()
    {
        // Read before exchanging: while a work item is scheduled or draining, producers only read the flag.
        if (_options.AutoProcess && Volatile.Read(ref _scheduled) == 0 && Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    private ValueTask DrainAsync()
    {
        if (_queue.IsEmpty || Volatile.Read(ref _busy) != 0 || Interlocked.CompareExchange(ref _busy, 1, 0) != 0)
        {
            return ValueTask.CompletedTask;
        }

        return DrainHeld();
    }

    /// <summary>With the lock held: processes the queue until it is empty; releases the lock.</summary>
    private ValueTask DrainHeld()
    {
        var context = ProcessingContext.Current;
        var scope = context is null ? ProcessingContext.Enter(out context) : default;
        var saved = context.CurrentToken;
        try
        {
            var processed = 0;
            do
            {
                while (_queue.TryDequeue(out var queued))
                {
                    var token = queued.Unpack(out var linked);
                    if (Volatile.Read(ref _disposed) == 0)
                    {
                        if (!ReferenceEquals(context.CurrentToken, token))
                        {
                            context.CurrentToken = token;
                        }

                        ref readonly var trail = ref linked is null ? ref Trail.Empty : ref linked.Trail;
                        var processing = ProcessOne(queued.Message, queued.IsOutput, trail, token);
                        if (!processing.IsCompletedSuccessfully)
                        {
                            AddProcessed(processed);
                            scope.Detach();
                            return ContinueDrainSlow(context, saved, queued.Message, queued.IsOutput, trail, token, linked, processing);
                        }

                        processed++;
                    }

                    linked?.Return();
                    token?.Release();
                }

                if (!ReferenceEquals(context.CurrentToken, saved))
                {
                    context.CurrentToken = saved;
                }

                // Counted once per drain: a write per message would share a cache line with the fields producers
                // read on every enqueue.
                AddProcessed(processed);
                processed = 0;
            }
            while (ReleaseAndRetake());

            return ValueTask.CompletedTask;
        }
        catch
        {
            // Only bugs get here (handler and subscriber failures are isolated): never leave the broker locked.
            context.CurrentToken = saved;
            Interlocked.Exchange(ref _busy, 0);
            throw;
        }
        finally
        {
            scope.Exit();
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask ContinueSlow(
        ProcessingContext context, WorkToken? saved, TIn? input, TOut? output, in Trail trail, WorkToken? token, bool owned, ValueTask processing)
        => DrainSlowAsync(context, saved, Pack(input, output, trail, token), owned, processing);

    // Out of line: the envelope (with its 36-byte trail copy) would otherwise be zeroed in the drain loop's frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask ContinueDrainSlow(
        ProcessingContext context,
        WorkToken? saved,
        object message,
        bool isOutput,
        in Trail trail,
        WorkToken? token,
        LinkedState? linked,
        ValueTask processing)
    {
        var current = new Envelope(message, isOutput, trail, token);
        linked?.Return();
        return DrainSlowAsync(context, saved, current, owned: true, processing);
    }

    private async ValueTask DrainSlowAsync(ProcessingContext context, WorkToken? saved, Envelope current, bool owned, ValueTask processing)
    {
        try
        {
            await processing;
            Volatile.Write(ref _processed, _processed + 1);
            if (owned)
            {
                current.Token?.Release();
            }

            do
            {
                while (TryDequeue(out var envelope))
                {
                    if (Volatile.Read(ref _disposed) == 0)
                    {
                        context.CurrentToken = envelope.Token;
                        var next = ProcessOne(envelope.Message, envelope.IsOutput, envelope.Trail, envelope.Token);
                        if (!next.IsCompletedSuccessfully)
                        {
                            await next;
                        }

                        Volatile.Write(ref _processed, _processed + 1);
                    }

                    envelope.Token?.Release();
                }

                context.CurrentToken = saved;
            }
            while (ReleaseAndRetake());
        }
        catch
        {
            context.CurrentToken = saved;
            Interlocked.Exchange(ref _busy, 0);
            throw;
        }
    }

    private void AddProcessed(int processed)
    {
        if (processed != 0)
        {
            Volatile.Write(ref _processed, _processed + processed);
        }
    }

    /// <summary>Releases the lock; takes it again (returns true) when something was queued meanwhile.</summary>
    private bool ReleaseAndRetake()
    {
        Interlocked.Exchange(ref _busy, 0);
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _busy, 1, 0) == 0)
        {
            return true;
        }

        SignalIdleIfWaited();
        return false;
    }

    private void SignalIdleIfWaited()
    {
        if (Volatile.Read(ref _idle) is not null)
        {
            SignalIdle();
        }
    }

    // Out of line: the lock and the task completion would otherwise enlarge the frame of every inline hop.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void SignalIdle()
    {
        lock (_gate)
        {
            if (IsIdle && _idle is { } idle)
            {
                _idle = null;
                idle.TrySetResult();
            }
        }
    }

    private void DropQueued()
    {
        while (TryDequeue(out var envelope))
        {
            envelope.Token?.Release();
        }
    }

    /// <summary>A link's delivery into this broker's inputs; it is awaited by the flow that holds the token, so it borrows it.</summary>
    private sealed class InputPort(Broker<TIn, TOut> broker) : LinkPort<TIn>
    {
        public override ValueTask Post(TIn message, in Trail trail, WorkToken? token) => broker.Post(message, null, trail, token, borrow: true);
    }

    /// <summary>A link's delivery into this broker's outputs (the first half of a pass-through).</summary>
    private sealed class OutputPort(Broker<TIn, TOut> broker) : LinkPort<TOut>
    {
        public override ValueTask Post(TOut message, in Trail trail, WorkToken? token) => broker.Post(null, message, trail, token, borrow: true);
    }
}
