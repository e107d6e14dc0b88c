namespace Fledger.Broker.Tests;

/// <summary>
/// Tests that read process-wide counters (<see cref="BrokerDiagnostics.LiveSubscriptions"/>) run alone: tests in other
/// classes add and remove subscriptions in parallel and would move the counter under them.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessCountersCollection
{
    public const string Name = "process-wide counters";
}
