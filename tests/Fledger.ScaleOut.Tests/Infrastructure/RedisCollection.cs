namespace Fledger.ScaleOut.Tests.Infrastructure;

/// <summary>Tests that share one redis-server and restart it: run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RedisCollection : ICollectionFixture<RedisServer>
{
    public const string Name = "Redis";
}
