namespace Fledger.Broker.Internal;

internal sealed class CallbackSubscription<T>(Action<Subscription<T>> remove, Action<T> callback) : Subscription<T>(remove)
    where T : class
{
    public override ValueTask DeliverAsync(T message, in Trail trail, WorkToken? token)
    {
        callback(message);
        return ValueTask.CompletedTask;
    }
}
