using Fledger.Broker.Testing;

namespace Fledger.Broker.Tests;

/// <summary>
/// The in-place paths: an emit into an idle broker and a linked hop into an idle broker process the message without
/// the queue; these tests pin what must still hold there (order, waiting for queued work, re-entrancy, no garbage).
/// </summary>
public sealed class BrokerInlineHopTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EmitInputAsync_HandlerEnqueuesIntoItsOwnBroker_EmitWaitsAndKeepsOrder()
    {
        await using var broker = new Broker<In, Out>("self", options: BrokerOptions.Manual);
        broker.AddHandler((message, output) =>
        {
            var value = ((Number)message).Value;
            if (value == 1)
            {
                // Queued behind the message being processed (the broker is busy with it), joined to the emit's work.
                broker.EnqueueInput(new Number(0, 2));
            }

            output.Emit(new Seen(0, value));
            return ValueTask.CompletedTask;
        });
        using var probe = new ModuleProbe<In, Out>(broker);

        await broker.EmitInputAsync(new Number(0, 1)).AsTask().WaitAsync(Timeout);

        Assert.Equal([new Seen(0, 1), new Seen(0, 2)], probe.TakeOutputs());
        Assert.Equal(0, broker.PendingCount);

        // The next emit takes the fast path again with the token the first one kept.
        await broker.EmitInputAsync(new Number(0, 3)).AsTask().WaitAsync(Timeout);
        Assert.Equal([new Seen(0, 3)], probe.TakeOutputs());
    }

    [Fact]
    public async Task EmitInputAsync_HandlerAwaitsEmitIntoItsOwnBroker_DoesNotDeadlockAndRunsItAfter()
    {
        await using var broker = new Broker<In, Out>("reentrant", options: BrokerOptions.Manual);
        broker.AddHandler(async (message, output) =>
        {
            var value = ((Number)message).Value;
            output.Emit(new Seen(0, value));
            if (value < 3)
            {
                // From inside the flow: joins the work and returns; the message runs after this one.
                await broker.EmitInputAsync(new Number(0, value + 1));
            }
        });
        using var probe = new ModuleProbe<In, Out>(broker);

        await broker.EmitInputAsync(new Number(0, 1)).AsTask().WaitAsync(Timeout);

        Assert.Equal([1, 2, 3], probe.Outputs.Cast<Seen>().Select(s => s.Value));
    }

    [Fact]
    public async Task ChainOfThree_MiddleHandlerGoesAsynchronous_EmitCompletesOnlyAfterTheLastBroker()
    {
        await using var a = new Broker<In, Out>("a", options: BrokerOptions.Manual);
        await using var b = new Broker<In, Out>("b", options: BrokerOptions.Manual);
        await using var c = new Broker<In, Out>("c", options: BrokerOptions.Manual);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.AddHandler(Echo);
        b.AddHandler(async (message, output) =>
        {
            await gate.Task;
            output.Emit(new Seen(0, ((Number)message).Value + 1));
        });
        c.AddHandler(Echo);
        using var ab = a.ForwardOutputsToInputs(b, o => new Number(0, ((Seen)o).Value));
        using var bc = b.ForwardOutputsToInputs(c, o => new Number(0, ((Seen)o).Value));
        using var probe = new ModuleProbe<In, Out>(c);

        var emit = a.EmitInputAsync(new Number(0, 10)).AsTask();
        Assert.False(emit.IsCompleted);
        Assert.Empty(probe.Outputs);

        gate.SetResult();
        await emit.WaitAsync(Timeout);
        Assert.Equal([new Seen(0, 11)], probe.TakeOutputs());

        // All synchronous again: the whole chain runs inline and the emit completes at once.
        var next = a.EmitInputAsync(new Number(0, 20));
        Assert.True(next.IsCompletedSuccessfully);
        await next;
        Assert.Equal([new Seen(0, 21)], probe.TakeOutputs());
    }

    [Fact]
    public async Task EmitInputAsync_LinkedBrokerBusy_HopIsQueuedInOrderAndEmitWaitsForIt()
    {
        await using var a = new Broker<In, Out>("a", options: BrokerOptions.Manual);
        await using var b = new Broker<In, Out>("b", options: BrokerOptions.Manual);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        a.AddHandler(Echo);
        b.AddHandler(async (message, output) =>
        {
            // Emitted during the synchronous part (an output emitted after an await queues behind later inputs).
            var value = ((Number)message).Value;
            output.Emit(new Seen(0, value));
            if (value == 0)
            {
                await gate.Task;
            }
        });
        using var ab = a.ForwardOutputsToInputs(b, o => new Number(0, ((Seen)o).Value));
        using var probe = new ModuleProbe<In, Out>(b);

        // b is held by this emit's flow until the gate opens; a's emit finds a idle but b busy: its hop is queued.
        var holding = b.EmitInputAsync(new Number(0, 0)).AsTask();
        var emit = a.EmitInputAsync(new Number(0, 1)).AsTask();
        Assert.False(emit.IsCompleted);
        Assert.Equal(1, a.ProcessedCount);

        gate.SetResult();
        await Task.WhenAll(holding, emit).WaitAsync(Timeout);
        Assert.Equal([new Seen(0, 0), new Seen(0, 1)], probe.TakeOutputs());

        await a.EmitInputAsync(new Number(0, 2)).AsTask().WaitAsync(Timeout);
        Assert.Equal([new Seen(0, 2)], probe.TakeOutputs());
    }

    [Fact]
    public async Task LinkedBrokersRoutingBack_InlineHops_ResponseHandledWithinTheEmit()
    {
        await using var a = new Broker<In, Out>("a", options: BrokerOptions.Manual);
        await using var b = new Broker<In, Out>("b", options: BrokerOptions.Manual);
        var answered = new List<int>();
        a.AddHandler((message, output) =>
        {
            switch (message)
            {
                case Request r:
                    output.Emit(new Asked(r.Value));
                    break;
                case Response r:
                    answered.Add(r.Value);
                    break;
            }

            return ValueTask.CompletedTask;
        });
        b.AddHandler((message, output) =>
        {
            output.Emit(new Answered(((Request)message).Value * 2));
            return ValueTask.CompletedTask;
        });
        using var link = a.Link(b, o => o is Asked asked ? new Request(asked.Value) : null, o => new Response(((Answered)o).Value));

        // a → b runs inline; b's answer finds a busy with the request, waits in a's queue and runs before the emit completes.
        for (var i = 1; i <= 3; i++)
        {
            await a.EmitInputAsync(new Request(i)).AsTask().WaitAsync(Timeout);
            Assert.Equal(i * 2, answered[^1]);
        }

        Assert.Equal([2, 4, 6], answered);
        Assert.Equal(0, a.ErrorCount + b.ErrorCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HandlerChangingItsExecutionContext_StillInsideItsFlow_NoDeadlock(bool callerHasAsyncLocal)
    {
        var local = new AsyncLocal<int>();
        if (callerHasAsyncLocal)
        {
            // The caller's own execution context is not the default one.
            local.Value = -1;
        }

        await using var a = new Broker<In, Out>("a");
        await using var echo = new Broker<In, Out>("echo");
        using var wired = EchoRoundTrip.Wire(a, echo, async request =>
        {
            // A new execution context that no cache entry knows: the flow must be found the slow way, or this emit
            // would wait for a's queue (the response), which waits for this handler.
            local.Value = request.Value;
            await echo.EmitInputAsync(request);
        });
        using var probe = new ModuleProbe<In, Out>(a);

        for (var i = 1; i <= 3; i++)
        {
            await a.EmitInputAsync(new Request(i)).AsTask().WaitAsync(Timeout);
        }

        Assert.Equal([new Answered(1), new Answered(2), new Answered(3)], probe.Outputs);
        Assert.Equal(callerHasAsyncLocal ? -1 : 0, local.Value);
    }

    [Fact]
    public async Task EmitInputAsync_ChainOfThreeInSteadyState_AllocatesNothing()
    {
        await using var a = new Broker<In, Out>("a", options: BrokerOptions.Manual);
        await using var b = new Broker<In, Out>("b", options: BrokerOptions.Manual);
        await using var c = new Broker<In, Out>("c", options: BrokerOptions.Manual);
        var seen = new Seen(0, 0);
        var input = new Number(0, 0);
        foreach (var broker in new[] { a, b, c })
        {
            broker.AddHandler((_, output) =>
            {
                output.Emit(seen);
                return ValueTask.CompletedTask;
            });
        }

        using var ab = a.ForwardOutputsToInputs(b, _ => input);
        using var bc = b.ForwardOutputsToInputs(c, _ => input);
        var count = 0;
        using var subscription = c.SubscribeOutputs(_ => count++);

        var allocated = SteadyStateEmits.AllocatedBy1000(() => a.EmitInputAsync(input));
        Assert.Equal(1_100, count);
        Assert.True(allocated < 1_000, $"allocated {allocated} B for 1,000 emits through three brokers");
    }

    private static ValueTask Echo(In message, IBrokerOutput<Out> output)
    {
        output.Emit(new Seen(0, ((Number)message).Value));
        return ValueTask.CompletedTask;
    }
}
