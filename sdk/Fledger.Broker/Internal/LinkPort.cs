namespace Fledger.Broker.Internal;

/// <summary>
/// Where a link delivers: the inputs or the outputs of a broker. A virtual call that takes the trail by reference
/// (a delegate would copy the 36-byte trail once more per hop).
/// </summary>
/// <typeparam name="T">The message type the port accepts.</typeparam>
internal abstract class LinkPort<T>
    where T : class
{
    /// <summary>Processes the message inline when the broker is idle (borrowing <paramref name="token"/>), else queues it.</summary>
    public abstract ValueTask Post(T message, in Trail trail, WorkToken? token);
}
