namespace Fledger.SignalServer.Tests.Infrastructure;

/// <summary>Tests that must not run while other tests use the process (process-wide meters).</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "Serial";
}
