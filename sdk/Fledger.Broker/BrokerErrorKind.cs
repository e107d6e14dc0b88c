namespace Fledger.Broker;

/// <summary>What a <see cref="BrokerError"/> is about.</summary>
public enum BrokerErrorKind
{
    /// <summary>A handler threw; the message's other handlers and later messages still run.</summary>
    HandlerFailed,

    /// <summary>A subscriber callback threw.</summary>
    SubscriberFailed,

    /// <summary>A translator threw; the message was not forwarded over that link.</summary>
    TranslatorFailed,

    /// <summary>A message came back over a link to a broker it had already passed: dropped instead of looping.</summary>
    LoopDropped,

    /// <summary>A message was sent to a disposed broker and dropped.</summary>
    Disposed,
}
