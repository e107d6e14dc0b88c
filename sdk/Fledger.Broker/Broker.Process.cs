using System.Runtime.CompilerServices;
using Fledger.Broker.Internal;

namespace Fledger.Broker;

public sealed partial class Broker<TIn, TOut>
{
    // Outputs a handler emits during the synchronous part of its call (HandlerScope.Current is this broker's id) are
    // delivered right after it (depth-first), without a trip through the queue. Only the processing flow touches it.
    private readonly OutputBuffer<TOut> _localOutputs = new();

    // Processes one message synchronously, in this order: each handler, then (depth-first) the outputs it emitted
    // during its synchronous part, then the input's subscribers; or an output's subscribers. At the first handler or
    // delivery that really completes asynchronously, an async method takes over from that point, with the same
    // snapshots of the handler and subscriber arrays.
    // A queued message (DrainHeld), unpacked by the caller: its trail is passed by reference (an envelope copy per
    // message cost more than the rest of the drain loop).
    private ValueTask ProcessOne(object message, bool isOutput, in Trail trail, WorkToken? token)
        => !isOutput
            ? ProcessInput(Unsafe.As<TIn>(message), trail, token)
            : DeliverOutputs(Volatile.Read(ref _outputSubscriptions), Unsafe.As<TOut>(message), trail, token);

    // A message processed in place (RunInline): typed, with the trail by reference.
    private ValueTask ProcessInput(TIn input, in Trail trail, WorkToken? token)
    {
        var handlers = Volatile.Read(ref _handlers);
        for (var h = 0; h < handlers.Length; h++)
        {
            var handled = InvokeHandler(handlers[h].Handler, input);
            if (!handled.IsCompletedSuccessfully)
            {
                return ContinueInputAsync(input, trail, token, handlers, h, handled, default);
            }

            if (_localOutputs.Count != 0)
            {
                var local = DeliverLocalOutputs(token, 0, 0, null);
                if (local.Subscriptions is not null)
                {
                    return ContinueInputAsync(input, trail, token, handlers, h, default, local);
                }
            }
        }

        // Most modules have no input subscribers: no call then.
        var subscriptions = Volatile.Read(ref _inputSubscriptions);
        return subscriptions.Length == 0 ? ValueTask.CompletedTask : DeliverInputs(subscriptions, input, trail, token);
    }

    // DeliverInputs/DeliverOutputs and DeliverInput/DeliverOutput are written twice instead of once generic over the
    // message type: a generic method of a generic class costs a runtime dictionary lookup per call in shared code.
    private ValueTask DeliverInputs(Subscription<TIn>[] subscriptions, TIn message, in Trail trail, WorkToken? token)
    {
        for (var i = 0; i < subscriptions.Length; i++)
        {
            var delivered = DeliverInput(subscriptions[i], message, trail, token);
            if (!delivered.IsCompletedSuccessfully)
            {
                return DeliverRestAsync(subscriptions, i, delivered, message, trail, token);
            }
        }

        return ValueTask.CompletedTask;
    }

    private ValueTask DeliverOutputs(Subscription<TOut>[] subscriptions, TOut message, in Trail trail, WorkToken? token)
    {
        for (var i = 0; i < subscriptions.Length; i++)
        {
            var delivered = DeliverOutput(subscriptions[i], message, trail, token);
            if (!delivered.IsCompletedSuccessfully)
            {
                return DeliverRestAsync(subscriptions, i, delivered, message, trail, token);
            }
        }

        return ValueTask.CompletedTask;
    }

    // Delivers what the handler emitted, from output o and subscriber s on (subscriber snapshot of output o given or
    // read now). Delivering may run linked brokers inline, which may emit here again: those go to the queue (the
    // handler's synchronous part is over), so the list only holds what the handler emitted. Cleared when all is done.
    private LocalDelivery DeliverLocalOutputs(WorkToken? token, int o, int s, Subscription<TOut>[]? subscriptions)
    {
        for (; o < _localOutputs.Count; o++, s = 0, subscriptions = null)
        {
            var output = _localOutputs[o];
            subscriptions ??= Volatile.Read(ref _outputSubscriptions);
            for (; s < subscriptions.Length; s++)
            {
                var delivered = DeliverOutput(subscriptions[s], output, Trail.Empty, token);
                if (!delivered.IsCompletedSuccessfully)
                {
                    return new LocalDelivery(delivered, subscriptions, o, s);
                }
            }
        }

        _localOutputs.Clear();
        return default;
    }

    // Kept out of ProcessInput's frame (an envelope there is zeroed on every call).
    [MethodImpl(MethodImplOptions.NoInlining)]
    private ValueTask ContinueInputAsync(
        TIn input, in Trail trail, WorkToken? token, HandlerRegistration[] handlers, int h, ValueTask handled, LocalDelivery local)
        => ProcessInputRestAsync(new Envelope(input, false, trail, token), input, handlers, h, handled, local);

    // The asynchronous rest of an input: awaits the pending handler h (or the pending delivery of its outputs), then
    // goes on as ProcessOne would, awaiting whatever else completes asynchronously.
    private async ValueTask ProcessInputRestAsync(
        Envelope envelope, TIn input, HandlerRegistration[] handlers, int h, ValueTask handled, LocalDelivery local)
    {
        if (local.Subscriptions is null)
        {
            await AwaitHandlerAsync(handled, input);
            local = DeliverLocalOutputs(envelope.Token, 0, 0, null);
        }

        while (true)
        {
            while (local.Subscriptions is { } subscriptions)
            {
                await AwaitDeliveryAsync(local.Pending, subscriptions[local.Subscription], _localOutputs[local.Output]);
                local = DeliverLocalOutputs(envelope.Token, local.Output, local.Subscription + 1, subscriptions);
            }

            if (++h >= handlers.Length)
            {
                break;
            }

            await AwaitHandlerAsync(InvokeHandler(handlers[h].Handler, input), input);
            local = DeliverLocalOutputs(envelope.Token, 0, 0, null);
        }

        await DeliverInputs(Volatile.Read(ref _inputSubscriptions), input, envelope.Trail, envelope.Token);
    }

    private async ValueTask DeliverRestAsync<T>(Subscription<T>[] subscriptions, int i, ValueTask pending, T message, Trail trail, WorkToken? token)
        where T : class
    {
        await AwaitDeliveryAsync(pending, subscriptions[i], message);
        for (i++; i < subscriptions.Length; i++)
        {
            await AwaitDeliveryAsync(Deliver(subscriptions[i], message, trail, token), subscriptions[i], message);
        }
    }

    private async ValueTask AwaitHandlerAsync(ValueTask handled, TIn input)
    {
        if (handled.IsCompletedSuccessfully)
        {
            return;
        }

        try
        {
            await handled;
        }
        catch (Exception exception)
        {
            Report(BrokerErrorKind.HandlerFailed, input, exception);
        }
    }

    private ValueTask InvokeHandler(IHandler<TIn, TOut> handler, TIn input)
    {
        ref var scope = ref HandlerScope.Current;
        var outer = scope;
        scope = Id;
        try
        {
            return handler.HandleAsync(input, _sink, _disposeToken);
        }
        catch (Exception exception)
        {
            Report(BrokerErrorKind.HandlerFailed, input, exception);
            return ValueTask.CompletedTask;
        }
        finally
        {
            scope = outer;
        }
    }

    private ValueTask DeliverInput(Subscription<TIn> subscription, TIn message, in Trail trail, WorkToken? token)
    {
        try
        {
            return subscription.DeliverAsync(message, trail, token);
        }
        catch (Exception exception)
        {
            Report(subscription.FailureKind, message, exception);
            return ValueTask.CompletedTask;
        }
    }

    private ValueTask DeliverOutput(Subscription<TOut> subscription, TOut message, in Trail trail, WorkToken? token)
    {
        try
        {
            return subscription.DeliverAsync(message, trail, token);
        }
        catch (Exception exception)
        {
            Report(subscription.FailureKind, message, exception);
            return ValueTask.CompletedTask;
        }
    }

    private ValueTask Deliver<T>(Subscription<T> subscription, T message, in Trail trail, WorkToken? token)
        where T : class
    {
        try
        {
            return subscription.DeliverAsync(message, trail, token);
        }
        catch (Exception exception)
        {
            Report(subscription.FailureKind, message, exception);
            return ValueTask.CompletedTask;
        }
    }

    private async ValueTask AwaitDeliveryAsync<T>(ValueTask delivery, Subscription<T> subscription, T message)
        where T : class
    {
        if (delivery.IsCompletedSuccessfully)
        {
            return;
        }

        try
        {
            await delivery;
        }
        catch (Exception exception)
        {
            Report(subscription.FailureKind, message, exception);
        }
    }

    private bool TryEmitLocal(TOut message)
    {
        if (HandlerScope.Current != Id)
        {
            return false;
        }

        _localOutputs.Add(message);
        return true;
    }

    /// <summary>A delivery of a handler's outputs that completes asynchronously: output and subscriber index.</summary>
    private readonly record struct LocalDelivery(ValueTask Pending, Subscription<TOut>[]? Subscriptions, int Output, int Subscription);

    private void Report(BrokerErrorKind kind, object? message, Exception? exception)
    {
        Interlocked.Increment(ref _errorCount);
        var messageType = message?.GetType().Name ?? "-";
        switch (kind)
        {
            case BrokerErrorKind.LoopDropped:
                BrokerLog.LoopDropped(_logger, Name, messageType);
                break;
            case BrokerErrorKind.Disposed:
                BrokerLog.DroppedAfterDispose(_logger, Name, messageType);
                break;
            default:
                BrokerLog.Isolated(_logger, exception, Name, kind, messageType);
                break;
        }

        var subscriptions = Volatile.Read(ref _errorSubscriptions);
        if (subscriptions.Length == 0)
        {
            return;
        }

        var error = new BrokerError(Name, kind, message, exception);
        foreach (var subscription in subscriptions)
        {
            try
            {
                subscription.Callback(error);
            }
            catch (Exception callbackException)
            {
                BrokerLog.ErrorCallbackFailed(_logger, callbackException, Name);
            }
        }
    }
}
