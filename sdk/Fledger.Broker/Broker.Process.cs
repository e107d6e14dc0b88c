using Fledger.Broker.Internal;

namespace Fledger.Broker;

public sealed partial class Broker<TIn, TOut>
{
    private async ValueTask ProcessOneAsync(Envelope envelope)
    {
        if (envelope.Input is { } input)
        {
            foreach (var registration in Volatile.Read(ref _handlers))
            {
                try
                {
                    await registration.Handler.HandleAsync(input, _sink, _disposeCts.Token);
                }
                catch (Exception exception)
                {
                    Report(BrokerErrorKind.HandlerFailed, input, exception);
                }
            }

            foreach (var subscription in Volatile.Read(ref _inputSubscriptions))
            {
                await DeliverAsync(subscription, input, envelope);
            }
        }
        else if (envelope.Output is { } output)
        {
            foreach (var subscription in Volatile.Read(ref _outputSubscriptions))
            {
                await DeliverAsync(subscription, output, envelope);
            }
        }
    }

    private async ValueTask DeliverAsync<T>(Subscription<T> subscription, T message, Envelope envelope)
        where T : class
    {
        try
        {
            await subscription.DeliverAsync(message, envelope.Trail, envelope.Token);
        }
        catch (Exception exception)
        {
            Report(subscription.FailureKind, message, exception);
        }
    }

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
