using Fledger.Broker;

namespace Fledger.Net.Tests.Support;

/// <summary>Records a broker's outputs and waits (event-driven, bounded) until a condition on them holds.</summary>
public sealed class OutputRecorder<TIn, TOut> : IDisposable
    where TIn : class
    where TOut : class
{
    private readonly Lock _gate = new();
    private readonly List<TOut> _outputs = [];
    private readonly SemaphoreSlim _signal = new(0);
    private readonly IDisposable _subscription;

    public OutputRecorder(Broker<TIn, TOut> broker)
    {
        _subscription = broker.SubscribeOutputs(message =>
        {
            lock (_gate)
            {
                _outputs.Add(message);
            }

            _signal.Release();
        });
    }

    public IReadOnlyList<TOut> Outputs
    {
        get
        {
            lock (_gate)
            {
                return [.. _outputs];
            }
        }
    }

    public IReadOnlyList<T> Of<T>() => Outputs.OfType<T>().ToArray();

    public async Task<IReadOnlyList<TOut>> WaitAsync(Func<IReadOnlyList<TOut>, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var snapshot = Outputs;
            if (condition(snapshot))
            {
                return snapshot;
            }

            try
            {
                await _signal.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Condition not met; outputs: {string.Join(", ", snapshot.Select(o => o.GetType().Name))}");
            }
        }
    }

    public Task<IReadOnlyList<TOut>> WaitForAsync<T>(Func<T, bool>? match = null, int count = 1, TimeSpan? timeout = null)
        => WaitAsync(outputs => outputs.OfType<T>().Count(o => match?.Invoke(o) ?? true) >= count, timeout);

    public void Dispose()
    {
        _subscription.Dispose();
        _signal.Dispose();
    }
}
