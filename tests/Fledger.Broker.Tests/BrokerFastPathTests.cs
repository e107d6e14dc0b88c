using Fledger.Broker.Testing;

namespace Fledger.Broker.Tests;

/// <summary>The inline fast path, the cached processing context and the token accounting keep the broker's semantics.</summary>
public sealed class BrokerFastPathTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EmitInputAsync_SynchronousHandlerInSteadyState_AllocatesNothing()
    {
        await using var broker = new Broker<In, Out>("alloc", options: BrokerOptions.Manual);
        var seen = new Seen(0, 0);
        broker.AddHandler((_, output) =>
        {
            output.Emit(seen);
            return ValueTask.CompletedTask;
        });
        var count = 0;
        using var subscription = broker.SubscribeOutputs(_ => count++);
        var input = new Number(0, 1);

        var allocated = SteadyStateEmits.AllocatedBy1000(() => broker.EmitInputAsync(input));
        Assert.Equal(1_100, count);
        Assert.True(allocated < 1_000, $"allocated {allocated} B for 1,000 emits");
    }

    [Fact]
    public async Task EmitInputAsync_AfterAnEmitThatCompletedInline_CallerIsNotInsideAFlow()
    {
        await using var broker = new Broker<In, Out>("leak");
        broker.AddHandler(async (message, output) =>
        {
            if (message is Request)
            {
                await Task.Yield();
            }

            output.Emit(new Seen(0, message is Number n ? n.Value : -1));
        });
        var seen = 0;
        using var subscription = broker.SubscribeOutputs(_ => Interlocked.Increment(ref seen));

        await broker.EmitInputAsync(new Number(0, 1)).AsTask().WaitAsync(Timeout);
        Assert.Equal(1, seen);

        // Were the first emit's context still current, this emit would join nothing and return before the handler ran.
        await broker.EmitInputAsync(new Request(2)).AsTask().WaitAsync(Timeout);
        Assert.Equal(2, seen);
    }

    [Fact]
    public async Task CallbackFiringAndForgettingAnEmit_OuterEmitStillWaitsForIt()
    {
        await using var a = new Broker<In, Out>("a");
        await using var b = new Broker<In, Out>("b");
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = 0;
        b.AddHandler(async (_, _) =>
        {
            await gate.Task;
            Volatile.Write(ref done, 1);
        });
        using var subscription = a.SubscribeOutputs(o => _ = b.EmitInputAsync(new Number(0, ((Seen)o).Value)).AsTask());

        var emit = a.EmitOutputAsync(new Seen(0, 1)).AsTask();
        Assert.False(emit.IsCompleted);
        gate.SetResult();
        await emit.WaitAsync(Timeout);

        Assert.Equal(1, Volatile.Read(ref done));
    }

    [Fact]
    public async Task EmitInputAsync_WithMessagesAlreadyQueued_ProcessesThemFirst()
    {
        await using var broker = new Broker<In, Out>("order", options: BrokerOptions.Manual);
        broker.AddHandler((message, output) =>
        {
            output.Emit(new Seen(0, ((Number)message).Value));
            return ValueTask.CompletedTask;
        });
        using var probe = new ModuleProbe<In, Out>(broker);

        broker.EnqueueInput(new Number(0, 1));
        broker.EnqueueInput(new Number(0, 2));
        await broker.EmitInputAsync(new Number(0, 3)).AsTask().WaitAsync(Timeout);

        Assert.Equal([new Seen(0, 1), new Seen(0, 2), new Seen(0, 3)], probe.Outputs);
        Assert.Equal(0, broker.PendingCount);
        Assert.Equal(3, broker.ProcessedCount);
    }

    [Fact]
    public async Task SubscribersChangingWhileADeliveryIsAsynchronous_RestUsesTheSnapshotAndNothingFails()
    {
        await using var broker = new Broker<In, Out>("snapshot");
        broker.AddHandler((message, output) =>
        {
            output.Emit(new Seen(0, 1));
            output.Emit(new Seen(0, 2));
            return ValueTask.CompletedTask;
        });
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var slowSeen = new List<int>();
        using var slow = broker.SubscribeOutputs(async o =>
        {
            await gate.Task;
            slowSeen.Add(((Seen)o).Value);
        });
        var lastSeen = new List<int>();
        var last = broker.SubscribeOutputs(o => lastSeen.Add(((Seen)o).Value));
        var errors = 0;
        using var onError = broker.OnError(_ => Interlocked.Increment(ref errors));

        var emit = broker.EmitInputAsync(new Number(0, 0)).AsTask();
        last.Dispose();
        using var added = broker.SubscribeOutputs(_ => { });
        gate.SetResult();
        await emit.WaitAsync(Timeout);

        Assert.Equal([1, 2], slowSeen);
        Assert.Equal([1], lastSeen);
        Assert.Equal(0, errors);
    }

    [Fact]
    public async Task SettleAsync_WhileAnotherFlowProcessesAsynchronously_WaitsUntilIdle()
    {
        await using var broker = new Broker<In, Out>("idle", options: BrokerOptions.Manual);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        broker.AddHandler(async (message, output) =>
        {
            await gate.Task;
            output.Emit(new Seen(0, ((Number)message).Value));
        });
        using var probe = new ModuleProbe<In, Out>(broker);

        var emit = broker.EmitInputAsync(new Number(0, 1)).AsTask();
        broker.EnqueueInput(new Number(0, 2));
        var settle = broker.SettleAsync();
        Assert.False(settle.IsCompleted);
        Assert.Equal(2, broker.PendingCount);

        gate.SetResult();
        await settle.WaitAsync(Timeout);
        await emit.WaitAsync(Timeout);

        // Seen(1) is emitted after the handler's await, so it is queued behind Number(2): both arrive, in either order.
        Assert.Equal([1, 2], probe.Outputs.Cast<Seen>().Select(s => s.Value).Order());
        Assert.Equal(0, broker.PendingCount);
    }

    [Fact]
    public async Task HandlerEmittingIntoAnIdleBrokerThenIntoOneThatRoutesBack_StaysInsideItsFlow()
    {
        await using var a = new Broker<In, Out>("a");
        await using var idle = new Broker<In, Out>("idle");
        await using var echo = new Broker<In, Out>("echo");
        var atIdle = 0;
        idle.AddHandler((_, _) =>
        {
            atIdle++;
            return ValueTask.CompletedTask;
        });
        using var wired = EchoRoundTrip.Wire(a, echo, async request =>
        {
            // Processed inline by this flow; returning from that nested processing must keep a's flow current, or the
            // next emit would wait for a's queue, which waits for this handler.
            await idle.EmitInputAsync(new Number(0, request.Value));
            await echo.EmitInputAsync(request);
        });
        using var probe = new ModuleProbe<In, Out>(a);

        await a.EmitInputAsync(new Request(5)).AsTask().WaitAsync(Timeout);

        Assert.Equal(1, atIdle);
        Assert.Equal([new Answered(5)], probe.Outputs);
    }
}
