namespace Fledger.Broker;

/// <summary>Options of a <see cref="Broker{TIn,TOut}"/>.</summary>
public sealed record BrokerOptions
{
    /// <summary>
    /// When <c>true</c> (default), <c>EnqueueInput</c>/<c>EnqueueOutput</c> schedule processing on the thread pool
    /// (in Blazor WebAssembly: later on the one thread). When <c>false</c>, queued messages wait for
    /// <c>ProcessAsync</c>, <c>SettleAsync</c> or an emit, which makes module tests fully deterministic.
    /// </summary>
    public bool AutoProcess { get; init; } = true;

    /// <summary>The default options.</summary>
    public static BrokerOptions Default { get; } = new();

    /// <summary>Options for deterministic tests: nothing runs until the test settles the broker.</summary>
    public static BrokerOptions Manual { get; } = new() { AutoProcess = false };
}
