using System.Runtime.CompilerServices;

namespace Fledger.Broker.Internal;

/// <summary>
/// Set for the flow that is processing broker messages (a handler, callback or translator is running, also after
/// it awaited). Emits made from inside that flow join the current work token and do not wait for it (the outer
/// emit or settle waits), so a handler that emits into a broker which routes back never deadlocks.
/// </summary>
/// <remarks>
/// The context lives in an <see cref="AsyncLocal{T}"/> so it flows into a handler's continuations. Setting an
/// async local allocates a new <see cref="ExecutionContext"/> (about 96 B with the context itself), which used to
/// happen on every emit. Instead, each thread keeps the execution context "caller's context plus a processing
/// context" it built last time (<see cref="CacheEntry"/>) and switches to it while the caller's context is the same
/// object (the usual case: a loop emitting from one async method, a thread-pool work item). A flow that goes
/// asynchronous keeps its context: the thread's cache entry is dropped so no other flow shares it.
/// </remarks>
internal sealed class ProcessingContext
{
    private static readonly AsyncLocal<ProcessingContext?> CurrentLocal = new();

    [ThreadStatic]
    private static CacheEntry? t_cache;

    public WorkToken? CurrentToken { get; set; }

    /// <summary>
    /// The work token of the emits that enter this context from outside a flow, reused while they complete
    /// synchronously (no pool lookups) and left current between them (no writes per emit). A completed token refuses
    /// joins, so a task that escaped an earlier flow can at most join a later emit on this thread, as before.
    /// </summary>
    private WorkToken? _emitToken;

    /// <summary>The token for an emit entering this context now, holding the owner's count and made current.</summary>
    public WorkToken BeginEmit()
    {
        var token = WorkToken.Reuse(_emitToken);
        if (!ReferenceEquals(_emitToken, token))
        {
            _emitToken = token;
        }

        if (!ReferenceEquals(CurrentToken, token))
        {
            CurrentToken = token;
        }

        return token;
    }

    /// <summary>The emit's token must wait for queued work and then goes back to the pool: stop reusing it.</summary>
    public void ReleaseEmitToken()
    {
        _emitToken = null;
        CurrentToken = null;
    }

    /// <summary>
    /// The processing context of the current flow, if any. Reading an <see cref="AsyncLocal{T}"/> costs a map lookup
    /// (about as much as the rest of an inline hop); execution contexts are immutable, so while the thread runs on
    /// one of the two contexts of its cache entry the answer is known from a reference comparison.
    /// </summary>
    public static ProcessingContext? Current
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => Find(out _);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ProcessingContext? CurrentSlow() => CurrentLocal.Value;

    /// <summary>
    /// <see cref="Current"/>, and when there is none but the thread runs on the caller side of its cache entry, that
    /// entry: <see cref="Enter(CacheEntry?, out ProcessingContext)"/> then needs no second lookup.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ProcessingContext? Find(out CacheEntry? callerEntry)
    {
        callerEntry = null;
        var entry = t_cache;
        if (entry is not null)
        {
            var running = entry.Running;
            if (ReferenceEquals(running, entry.Inner))
            {
                return entry.Context;
            }

            if (ReferenceEquals(running, entry.Caller))
            {
                callerEntry = entry;
                return null;
            }
        }

        return CurrentSlow();
    }

    /// <summary>Enters the context of <paramref name="callerEntry"/> found by <see cref="Find"/> on this thread just before, else as <see cref="Enter(out ProcessingContext)"/>.</summary>
    public static Scope Enter(CacheEntry? callerEntry, out ProcessingContext context)
    {
        if (callerEntry is null)
        {
            return Enter(out context);
        }

        callerEntry.SwitchToInner();
        context = callerEntry.Context;
        return new Scope(callerEntry, entered: true);
    }

    /// <summary>Makes a processing context current; dispose the scope to return to the caller's execution context.</summary>
    public static Scope Enter(out ProcessingContext context)
    {
        var entry = t_cache;
        if (entry is not null && ReferenceEquals(entry.Running, entry.Caller))
        {
            return Enter(entry, out context);
        }

        var caller = ExecutionContext.Capture();
        if (caller is null)
        {
            // Flow is suppressed: nothing to cache, set and clear the async local directly.
            context = new ProcessingContext();
            CurrentLocal.Value = context;
            return new Scope(null, entered: true);
        }

        var thread = Thread.CurrentThread;
        var stored = ThreadExecutionContext.IsAvailable ? ThreadExecutionContext.Get(thread) : caller;
        context = new ProcessingContext();
        CurrentLocal.Value = context;
        entry = new CacheEntry(thread, caller, stored, ExecutionContext.Capture()!, context);
        t_cache = entry;
        return new Scope(entry, entered: true);
    }

    /// <summary>
    /// A thread's cached pair of execution contexts: <see cref="Caller"/> and <see cref="Inner"/> (the caller's plus this
    /// processing context), both as <see cref="Running"/> reads them (the caller's is null for the default context when
    /// the thread's field is read directly; <c>captured</c> is the caller's as <see cref="ExecutionContext.Capture"/>
    /// returned it).
    /// </summary>
    internal sealed class CacheEntry(Thread thread, ExecutionContext captured, ExecutionContext? caller, ExecutionContext inner, ProcessingContext context)
    {
        public ExecutionContext? Caller => caller;

        public ExecutionContext Inner => inner;

        public ProcessingContext Context => context;

        /// <summary>The context the thread runs on now; only valid on the entry's own thread.</summary>
        public ExecutionContext? Running
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => ThreadExecutionContext.IsAvailable ? ThreadExecutionContext.Get(thread) : ExecutionContext.Capture();
        }

        public void SwitchToInner()
        {
            if (ThreadExecutionContext.IsAvailable)
            {
                ThreadExecutionContext.Set(thread, inner);
            }
            else
            {
                ExecutionContext.Restore(inner);
            }
        }

        /// <summary>
        /// Back to the caller's context. Written directly only from <see cref="Inner"/>: code in the flow that set an
        /// async local with a change handler (the current culture, say) left another context, and only
        /// <see cref="ExecutionContext.Restore"/> runs that handler for the caller's value.
        /// </summary>
        public void SwitchToCaller()
        {
            if (ThreadExecutionContext.IsAvailable && ReferenceEquals(ThreadExecutionContext.Get(thread), inner))
            {
                ThreadExecutionContext.Set(thread, caller);
            }
            else
            {
                ExecutionContext.Restore(captured);
            }
        }
    }

    /// <summary>The caller's side of an entered context; the default scope (nothing entered) does nothing.</summary>
    public readonly struct Scope
    {
        private readonly CacheEntry? _entry;
        private readonly bool _entered;

        internal Scope(CacheEntry? entry, bool entered)
        {
            _entry = entry;
            _entered = entered;
        }

        /// <summary>The context now belongs to a flow that went asynchronous: never hand it to another flow.</summary>
        public void Detach()
        {
            if (_entry is not null && ReferenceEquals(t_cache, _entry))
            {
                t_cache = null;
            }
        }

        /// <summary>Returns to the caller's execution context.</summary>
        public void Exit()
        {
            if (!_entered)
            {
                return;
            }

            if (_entry is not null)
            {
                _entry.SwitchToCaller();
            }
            else
            {
                CurrentLocal.Value = null;
            }
        }
    }
}
