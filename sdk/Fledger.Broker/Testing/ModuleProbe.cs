namespace Fledger.Broker.Testing;

/// <summary>
/// A test kit for one module: feed inputs, settle, and assert on the outputs the module emitted.
/// The probe records every output of the broker from the moment it is created.
/// </summary>
/// <typeparam name="TIn">The module's input messages.</typeparam>
/// <typeparam name="TOut">The module's output messages.</typeparam>
public sealed class ModuleProbe<TIn, TOut> : IDisposable
    where TIn : class
    where TOut : class
{
    private readonly Lock _gate = new();
    private readonly List<TOut> _outputs = [];
    private readonly IDisposable _subscription;

    /// <summary>Starts recording the outputs of <paramref name="broker"/>.</summary>
    public ModuleProbe(Broker<TIn, TOut> broker)
    {
        ArgumentNullException.ThrowIfNull(broker);
        Broker = broker;
        _subscription = broker.SubscribeOutputs(message =>
        {
            lock (_gate)
            {
                _outputs.Add(message);
            }
        });
    }

    /// <summary>The module's broker.</summary>
    public Broker<TIn, TOut> Broker { get; }

    /// <summary>Every output recorded so far and not yet taken.</summary>
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

    /// <summary>Sends <paramref name="inputs"/> in order and settles the broker and everything linked to it.</summary>
    public async Task SendAsync(params TIn[] inputs)
    {
        foreach (var input in inputs)
        {
            Broker.EnqueueInput(input);
        }

        await Broker.SettleAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Settles the broker (after time was advanced, for example).</summary>
    public Task SettleAsync() => Broker.SettleAsync().WaitAsync(TimeSpan.FromSeconds(30));

    /// <summary>Returns and forgets the recorded outputs.</summary>
    public IReadOnlyList<TOut> TakeOutputs()
    {
        lock (_gate)
        {
            var taken = _outputs.ToArray();
            _outputs.Clear();
            return taken;
        }
    }

    /// <summary>Returns and forgets the recorded outputs of type <typeparamref name="T"/>; other outputs stay.</summary>
    public IReadOnlyList<T> Take<T>()
        where T : TOut
    {
        lock (_gate)
        {
            var taken = _outputs.OfType<T>().ToArray();
            _outputs.RemoveAll(o => o is T);
            return taken;
        }
    }

    /// <summary>Stops recording.</summary>
    public void Dispose() => _subscription.Dispose();
}
