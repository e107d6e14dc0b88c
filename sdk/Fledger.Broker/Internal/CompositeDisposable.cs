namespace Fledger.Broker.Internal;

internal sealed class CompositeDisposable(params IDisposable[] parts) : IDisposable
{
    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var part in parts)
            {
                part.Dispose();
            }
        }
    }
}
