using System.Threading.Channels;

namespace Fledger.Broker.Internal;

/// <summary>Writes every message into a channel; a bounded channel applies back-pressure to the broker.</summary>
internal sealed class TapSubscription<T>(Action<Subscription<T>> remove, Channel<T> channel) : Subscription<T>(remove)
    where T : class
{
    public override ValueTask DeliverAsync(T message, in Trail trail, WorkToken? token)
    {
        if (channel.Writer.TryWrite(message))
        {
            return ValueTask.CompletedTask;
        }

        return WriteSlowAsync(message);
    }

    private async ValueTask WriteSlowAsync(T message)
    {
        try
        {
            await channel.Writer.WriteAsync(message);
        }
        catch (ChannelClosedException)
        {
            // The tap was disposed while the broker waited for room: the reader is gone.
        }
    }

    protected override void OnDisposed() => channel.Writer.TryComplete();
}
