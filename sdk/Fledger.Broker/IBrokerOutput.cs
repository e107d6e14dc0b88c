namespace Fledger.Broker;

/// <summary>Where a handler emits its outputs. Emitted messages are processed after the handler returns, in order.</summary>
/// <typeparam name="TOut">The broker's output message type.</typeparam>
public interface IBrokerOutput<in TOut>
    where TOut : class
{
    /// <summary>Queues an output message of the broker; it is delivered to subscribers and links in order.</summary>
    void Emit(TOut message);
}
