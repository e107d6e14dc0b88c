using Fledger.Broker.Testing;

namespace Fledger.Broker.Tests;

public sealed class BrokerLinkTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Link_HandlerRequestAnsweredByLinkedBroker_ResponseComesBackWithoutDeadlock()
    {
        await using var client = new Broker<In, Out>("client");
        await using var server = new Broker<In, Out>("server");
        client.AddHandler((message, output) =>
        {
            switch (message)
            {
                case Request r:
                    output.Emit(new Asked(r.Value));
                    break;
                case Response r:
                    output.Emit(new Answered(r.Value));
                    break;
            }

            return ValueTask.CompletedTask;
        });
        server.AddHandler((message, output) =>
        {
            if (message is Request r)
            {
                output.Emit(new Answered(r.Value * 2));
            }

            return ValueTask.CompletedTask;
        });
        using var link = client.Link(
            server,
            o => o is Asked a ? new Request(a.Value) : null,
            o => o is Answered a ? new Response(a.Value) : null);
        using var probe = new ModuleProbe<In, Out>(client);

        await client.EmitInputAsync(new Request(21)).AsTask().WaitAsync(Timeout);

        Assert.Equal([new Asked(21), new Answered(42)], probe.Outputs);
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 20)]
    public async Task HandlerAwaitingEmitOnBrokerThatRoutesBack_DoesNotDeadlock(bool yieldFirst, int messages)
    {
        await using var a = new Broker<In, Out>("a");
        await using var b = new Broker<In, Out>("b");
        b.AddHandler((message, output) =>
        {
            if (message is Request r)
            {
                output.Emit(new Answered(r.Value + 1));
            }

            return ValueTask.CompletedTask;
        });
        using var back = b.ForwardOutputsToInputs(a, o => o is Answered x ? new Response(x.Value) : null);
        a.AddHandler(async (message, output) =>
        {
            switch (message)
            {
                case Request r:
                    if (yieldFirst)
                    {
                        // After a real await the flow must still be known as a's processing flow.
                        await Task.Yield();
                    }

                    // Awaiting another broker's emit from inside a handler: b answers into a, which is busy here.
                    await b.EmitInputAsync(new Request(r.Value));
                    break;
                case Response r:
                    output.Emit(new Answered(r.Value));
                    break;
            }
        });
        using var probe = new ModuleProbe<In, Out>(a);

        for (var i = 0; i < messages; i++)
        {
            await a.EmitInputAsync(new Request(i)).AsTask().WaitAsync(Timeout);
        }

        Assert.Equal(Enumerable.Range(1, messages).Select(v => (Out)new Answered(v)), probe.Outputs);
    }

    [Fact]
    public async Task PassThroughCycle_MessageComingBack_IsDroppedAndReported()
    {
        await using var a = new Broker<In, Out>("a");
        await using var b = new Broker<In, Out>("b");
        using var ab = a.ForwardOutputsToOutputs(b, o => o);
        using var ba = b.ForwardOutputsToOutputs(a, o => o);
        var errors = new List<BrokerError>();
        using var onError = a.OnError(errors.Add);
        using var onErrorB = b.OnError(errors.Add);
        using var probeA = new ModuleProbe<In, Out>(a);
        using var probeB = new ModuleProbe<In, Out>(b);

        await a.EmitOutputAsync(new Seen(0, 1)).AsTask().WaitAsync(Timeout);

        Assert.Single(probeA.Outputs);
        Assert.Single(probeB.Outputs);
        var loop = Assert.Single(errors);
        Assert.Equal(BrokerErrorKind.LoopDropped, loop.Kind);
        Assert.Equal("b", loop.Broker);
    }

    [Fact]
    public async Task PassThroughCycle_HopQueuedBehindABusyBroker_KeepsItsTrailAndIsDropped()
    {
        await using var a = new Broker<In, Out>("a", options: BrokerOptions.Manual);
        await using var b = new Broker<In, Out>("b", options: BrokerOptions.Manual);
        using var ab = a.ForwardOutputsToOutputs(b, o => o);
        using var ba = b.ForwardOutputsToOutputs(a, o => o);

        // b's handler makes a emit while b is busy: a's output reaches b over the link and waits in b's queue (trail: a),
        // then b's drain delivers it and the hop back to a is the loop.
        var joinedAtOnce = false;
        b.AddHandler((message, _) =>
        {
            joinedAtOnce = CompletedNow(a.EmitOutputAsync(new Seen(0, ((Number)message).Value)));
            return ValueTask.CompletedTask;
        });
        var errors = new List<BrokerError>();
        using var onError = a.OnError(errors.Add);
        using var onErrorB = b.OnError(errors.Add);
        using var probeA = new ModuleProbe<In, Out>(a);
        using var probeB = new ModuleProbe<In, Out>(b);

        await b.EmitInputAsync(new Number(0, 7)).AsTask().WaitAsync(Timeout);

        Assert.Equal([new Seen(0, 7)], probeA.Outputs);
        Assert.Equal([new Seen(0, 7)], probeB.Outputs);
        var loop = Assert.Single(errors);
        Assert.Equal(BrokerErrorKind.LoopDropped, loop.Kind);
        Assert.Equal("b", loop.Broker);
        Assert.Equal(0, a.PendingCount + b.PendingCount);
        Assert.True(joinedAtOnce);
    }

    [Fact]
    public async Task FilteringTranslator_ReturningNull_ForwardsOnlyAcceptedMessages()
    {
        await using var a = new Broker<In, Out>("a", options: BrokerOptions.Manual);
        await using var b = new Broker<In, Out>("b", options: BrokerOptions.Manual);
        using var link = a.ForwardOutputsToOutputs(b, o => o is Seen s && s.Value % 2 == 0 ? o : null);
        using var probe = new ModuleProbe<In, Out>(b);

        for (var i = 0; i < 10; i++)
        {
            a.EnqueueOutput(new Seen(0, i));
        }

        await a.SettleAsync().WaitAsync(Timeout);

        Assert.Equal([0, 2, 4, 6, 8], probe.Outputs.Cast<Seen>().Select(s => s.Value));
    }

    [Fact]
    public async Task ChainOfThreeBrokers_EmitAndSettle_CompleteAfterTheLastBrokerProcessed()
    {
        await using var a = new Broker<In, Out>("a", options: BrokerOptions.Manual);
        await using var b = new Broker<In, Out>("b", options: BrokerOptions.Manual);
        await using var c = new Broker<In, Out>("c", options: BrokerOptions.Manual);
        foreach (var broker in new[] { a, b, c })
        {
            broker.AddHandler(async (message, output) =>
            {
                await Task.Yield();
                output.Emit(new Seen(0, ((Number)message).Value + 1));
            });
        }

        using var ab = a.ForwardOutputsToInputs(b, o => new Number(0, ((Seen)o).Value));
        using var bc = b.ForwardOutputsToInputs(c, o => new Number(0, ((Seen)o).Value));
        using var probe = new ModuleProbe<In, Out>(c);

        await a.EmitInputAsync(new Number(0, 0)).AsTask().WaitAsync(Timeout);
        Assert.Equal([new Seen(0, 3)], probe.TakeOutputs());

        a.EnqueueInput(new Number(0, 10));
        a.EnqueueInput(new Number(0, 20));
        await a.SettleAsync().WaitAsync(Timeout);
        Assert.Equal([new Seen(0, 13), new Seen(0, 23)], probe.TakeOutputs());
    }

    [Fact]
    public async Task PassThrough_FacadeBroker_ForwardsInputsInAndOutputsOut()
    {
        await using var inner = new Broker<In, Out>("inner");
        await using var facade = new Broker<In, Out>("facade");
        inner.AddHandler((message, output) =>
        {
            output.Emit(new Seen(1, ((Number)message).Value));
            return ValueTask.CompletedTask;
        });
        using var pass = inner.PassThrough(facade, o => o, i => i);
        using var probe = new ModuleProbe<In, Out>(facade);

        await facade.EmitInputAsync(new Number(0, 5)).AsTask().WaitAsync(Timeout);

        Assert.Equal([new Seen(1, 5)], probe.Outputs);
    }

    private static bool CompletedNow(ValueTask emit) => emit.IsCompletedSuccessfully;
}
