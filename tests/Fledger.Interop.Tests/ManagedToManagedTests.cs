using Fledger.Interop.Tests.Peers;

namespace Fledger.Interop.Tests;

/// <summary>The conformance suite between two managed peers in one process (reference behaviour).</summary>
public sealed class ManagedToManagedTests : ConformanceTests
{
    /// <inheritdoc />
    protected override Task<ITestPeer> CreateOffererAsync() => Task.FromResult<ITestPeer>(new ManagedTestPeer());

    /// <inheritdoc />
    protected override Task<ITestPeer> CreateAnswererAsync() => Task.FromResult<ITestPeer>(new ManagedTestPeer());
}
