namespace Fledger.Net.WebRtc;

/// <summary>A token that fires after a timeout of an injected clock or when the outer token fires.</summary>
internal sealed class OperationScope : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;

    public OperationScope(TimeSpan timeout, TimeProvider time, CancellationToken outer)
    {
        _timeout = new CancellationTokenSource(timeout, time);
        _linked = CancellationTokenSource.CreateLinkedTokenSource(outer, _timeout.Token);
    }

    public CancellationToken Token => _linked.Token;

    public void Dispose()
    {
        _linked.Dispose();
        _timeout.Dispose();
    }
}
