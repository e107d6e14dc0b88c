using System.Threading.Channels;

namespace Fledger.Broker;

/// <summary>A channel of a broker's inputs or outputs. Dispose it to unsubscribe; the reader then completes.</summary>
/// <typeparam name="T">The message type.</typeparam>
public sealed class BrokerTap<T> : IDisposable
{
    private readonly IDisposable _subscription;

    internal BrokerTap(ChannelReader<T> reader, IDisposable subscription)
    {
        Reader = reader;
        _subscription = subscription;
    }

    /// <summary>The messages, in the order the broker processed them.</summary>
    public ChannelReader<T> Reader { get; }

    /// <summary>Reads the messages as an async stream until the tap is disposed or <paramref name="cancellationToken"/> fires.</summary>
    public IAsyncEnumerable<T> ReadAllAsync(CancellationToken cancellationToken = default) => Reader.ReadAllAsync(cancellationToken);

    /// <summary>Unsubscribes and completes the reader.</summary>
    public void Dispose() => _subscription.Dispose();
}
