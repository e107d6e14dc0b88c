namespace Fledger.Broker.Internal;

internal sealed class AsyncCallbackSubscription<T>(Action<Subscription<T>> remove, Func<T, ValueTask> callback) : Subscription<T>(remove)
    where T : class
{
    public override ValueTask DeliverAsync(T message, in Trail trail, WorkToken? token) => callback(message);
}
