namespace Fledger.Broker;

/// <summary>
/// Processes the input messages of a broker and emits output messages through the <see cref="IBrokerOutput{TOut}"/> it is given.
/// A handler is the body of a module: it never calls other modules,
/// it only reacts to inputs and emits outputs, so it can be tested alone by feeding its broker.
/// </summary>
/// <typeparam name="TIn">The broker's input message type.</typeparam>
/// <typeparam name="TOut">The broker's output message type.</typeparam>
public interface IHandler<in TIn, out TOut>
    where TIn : class
    where TOut : class
{
    /// <summary>Handles one input. Emit any number of outputs; return a completed task when synchronous.</summary>
    ValueTask HandleAsync(TIn message, IBrokerOutput<TOut> output, CancellationToken cancellationToken);
}
