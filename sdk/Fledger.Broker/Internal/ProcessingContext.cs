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
/// context" it built last time and switches to it with <see cref="ExecutionContext.Restore"/> while the caller's
/// context is the same object (the usual case: a loop emitting from one async method, a thread-pool work item).
/// A flow that goes asynchronous keeps its context: the thread's cache entry is dropped so no other flow shares it.
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
        get
        {
            var entry = t_cache;
            if (entry is not null)
            {
                var current = ExecutionContext.Capture();
                if (ReferenceEquals(current, entry.Inner))
                {
                    return entry.Context;
                }

                if (ReferenceEquals(current, entry.Caller))
                {
                    return null;
                }
            }

            return CurrentSlow();
        }
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
            var current = ExecutionContext.Capture();
            if (ReferenceEquals(current, entry.Inner))
            {
                return entry.Context;
            }

            if (ReferenceEquals(current, entry.Caller))
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

        ExecutionContext.Restore(callerEntry.Inner);
        context = callerEntry.Context;
        return new Scope(callerEntry.Caller, callerEntry, entered: true);
    }

    /// <summary>Makes a processing context current; dispose the scope to return to the caller's execution context.</summary>
    public static Scope Enter(out ProcessingContext context)
    {
        var caller = ExecutionContext.Capture();
        if (caller is null)
        {
            // Flow is suppressed: nothing to cache, set and clear the async local directly.
            context = new ProcessingContext();
            CurrentLocal.Value = context;
            return new Scope(null, null, entered: true);
        }

        var entry = t_cache;
        if (entry is not null && ReferenceEquals(entry.Caller, caller))
        {
            ExecutionContext.Restore(entry.Inner);
            context = entry.Context;
            return new Scope(caller, entry, entered: true);
        }

        context = new ProcessingContext();
        CurrentLocal.Value = context;
        entry = new CacheEntry(caller, ExecutionContext.Capture()!, context);
        t_cache = entry;
        return new Scope(caller, entry, entered: true);
    }

    internal sealed record CacheEntry(ExecutionContext Caller, ExecutionContext Inner, ProcessingContext Context);

    /// <summary>The caller's side of an entered context; the default scope (nothing entered) does nothing.</summary>
    public readonly struct Scope
    {
        private readonly ExecutionContext? _caller;
        private readonly CacheEntry? _entry;
        private readonly bool _entered;

        internal Scope(ExecutionContext? caller, CacheEntry? entry, bool entered)
        {
            _caller = caller;
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

            if (_caller is not null)
            {
                ExecutionContext.Restore(_caller);
            }
            else
            {
                CurrentLocal.Value = null;
            }
        }
    }
}
