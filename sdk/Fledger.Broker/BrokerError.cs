namespace Fledger.Broker;

/// <summary>An error a broker caught and isolated: a throwing handler, callback or translator, or a dropped loop.</summary>
/// <param name="Broker">The name of the broker that caught it.</param>
/// <param name="Kind">What failed.</param>
/// <param name="Message">The message being processed, if any.</param>
/// <param name="Exception">The exception, if one was thrown.</param>
public sealed record BrokerError(string Broker, BrokerErrorKind Kind, object? Message, Exception? Exception);
