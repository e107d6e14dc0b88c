namespace Fledger.Broker.Internal;

/// <summary>
/// Forwards messages of one broker to the inputs or outputs of another, through a translator that may
/// filter (return <c>null</c>). The message keeps its trail plus the source broker, so a loop is dropped.
/// </summary>
internal sealed class LinkSubscription<T, TTarget>(
    Action<Subscription<T>> remove,
    int sourceId,
    IBrokerNode target,
    Func<T, TTarget?> translate,
    LinkPort<TTarget> port,
    Action<BrokerErrorKind, object?, Exception?> report) : Subscription<T>(remove)
    where T : class
    where TTarget : class
{
    public override BrokerErrorKind FailureKind => BrokerErrorKind.TranslatorFailed;

    private readonly int _targetId = target.Id;

    public override IBrokerNode? Target => target;

    public override ValueTask DeliverAsync(T message, in Trail trail, WorkToken? token)
    {
        var translated = translate(message);
        if (translated is null)
        {
            return ValueTask.CompletedTask;
        }

        if (trail.Contains(_targetId) || !trail.TryAppend(sourceId, out var next))
        {
            report(BrokerErrorKind.LoopDropped, message, null);
            return ValueTask.CompletedTask;
        }

        // Processed inline when the target is idle (this delivery is awaited, so it may borrow the token), else queued.
        return port.Post(translated, next, token);
    }
}
