using System.Runtime.CompilerServices;

namespace Fledger.Broker.Internal;

/// <summary>
/// A queued message in 24 bytes: the message, whether it is an output, and its work token or (only for messages that
/// came over links) a pooled <see cref="LinkedState"/> holding trail and token. A 64-byte queue entry costs
/// <see cref="System.Collections.Concurrent.ConcurrentQueue{T}"/> about twice the time of a small one.
/// </summary>
internal readonly struct QueuedEnvelope
{
    private readonly object _message;
    private readonly object? _state;
    private readonly bool _isOutput;

    public QueuedEnvelope(in Envelope envelope)
    {
        _message = envelope.Message;
        _isOutput = envelope.IsOutput;
        _state = envelope.Trail.Count == 0 ? envelope.Token : LinkedState.Rent(envelope.Trail, envelope.Token);
    }

    public QueuedEnvelope(object message, bool isOutput, WorkToken? token)
    {
        _message = message;
        _isOutput = isOutput;
        _state = token;
    }

    public object Message => _message;

    public bool IsOutput => _isOutput;

    /// <summary>
    /// The entry's work token, and its linked state (trail and token) when it came over a link: the caller processes
    /// the message with the trail in place and then returns the state to its pool. Unpacking into an
    /// <see cref="Envelope"/> instead costs a 64-byte copy per message, which the store-to-load forwarding of the copy's
    /// wide loads makes much slower than its size suggests.
    /// </summary>
    public WorkToken? Unpack(out LinkedState? linked)
    {
        if (_state is LinkedState state)
        {
            linked = state;
            return state.Token;
        }

        linked = null;
        return Unsafe.As<WorkToken?>(_state);
    }

    /// <summary>Unpacks the entry (once: a linked state goes back to its pool).</summary>
    public Envelope Take()
    {
        if (_state is LinkedState linked)
        {
            var envelope = new Envelope(_message, _isOutput, linked.Trail, linked.Token);
            linked.Return();
            return envelope;
        }

        return new Envelope(_message, _isOutput, default, Unsafe.As<WorkToken?>(_state));
    }
}
