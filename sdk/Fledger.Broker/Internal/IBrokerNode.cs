namespace Fledger.Broker.Internal;

/// <summary>The untyped view of a broker used to settle a graph of linked brokers.</summary>
internal interface IBrokerNode
{
    int Id { get; }

    bool IsIdle { get; }

    ValueTask DrainAsync();

    Task WaitIdleAsync();

    void CollectTargets(List<IBrokerNode> targets);
}
