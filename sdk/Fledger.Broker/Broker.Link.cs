using Fledger.Broker.Internal;

namespace Fledger.Broker;

public sealed partial class Broker<TIn, TOut>
{
    /// <summary>
    /// Forwards this broker's outputs to <paramref name="target"/>'s inputs. The translator may filter by returning null.
    /// </summary>
    public IDisposable ForwardOutputsToInputs<TIn2, TOut2>(Broker<TIn2, TOut2> target, Func<TOut, TIn2?> translate)
        where TIn2 : class
        where TOut2 : class
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(translate);
        return AddOutput(new LinkSubscription<TOut, TIn2>(RemoveOutput, Id, target, translate, target._inputPort, Report));
    }

    /// <summary>
    /// Forwards this broker's outputs to <paramref name="target"/>'s outputs (the first half of a pass-through).
    /// </summary>
    public IDisposable ForwardOutputsToOutputs<TIn2, TOut2>(Broker<TIn2, TOut2> target, Func<TOut, TOut2?> translate)
        where TIn2 : class
        where TOut2 : class
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(translate);
        return AddOutput(new LinkSubscription<TOut, TOut2>(RemoveOutput, Id, target, translate, target._outputPort, Report));
    }

    /// <summary>
    /// Forwards this broker's inputs to <paramref name="target"/>'s inputs (the second half of a pass-through).
    /// </summary>
    public IDisposable ForwardInputsToInputs<TIn2, TOut2>(Broker<TIn2, TOut2> target, Func<TIn, TIn2?> translate)
        where TIn2 : class
        where TOut2 : class
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(translate);
        return AddInput(new LinkSubscription<TIn, TIn2>(RemoveInput, Id, target, translate, target._inputPort, Report));
    }

    /// <summary>
    /// Links two modules: this broker's outputs become <paramref name="target"/>'s inputs, and its outputs become ours.
    /// Either translator may filter by returning null. Dispose the result to unlink both directions.
    /// </summary>
    public IDisposable Link<TIn2, TOut2>(Broker<TIn2, TOut2> target, Func<TOut, TIn2?> toTarget, Func<TOut2, TIn?> fromTarget)
        where TIn2 : class
        where TOut2 : class
    {
        var forward = ForwardOutputsToInputs(target, toTarget);
        var backward = target.ForwardOutputsToInputs(this, fromTarget);
        return new CompositeDisposable(forward, backward);
    }

    /// <summary>
    /// Makes <paramref name="target"/> a facade of this broker: our outputs appear as its outputs, and its inputs are
    /// forwarded to our inputs. Either translator may filter by returning null. Dispose the result to unlink.
    /// </summary>
    public IDisposable PassThrough<TIn2, TOut2>(Broker<TIn2, TOut2> target, Func<TOut, TOut2?> outputs, Func<TIn2, TIn?> inputs)
        where TIn2 : class
        where TOut2 : class
    {
        var forward = ForwardOutputsToOutputs(target, outputs);
        var backward = target.ForwardInputsToInputs(this, inputs);
        return new CompositeDisposable(forward, backward);
    }
}
