using System.Net;
using Fledger.WebRtc.Ice;

namespace Fledger.WebRtc.Tests.Ice;

public sealed class IceHostInterfacesTests
{
    [Fact]
    public void Get_Twice_ReusesTheSnapshotUntilInvalidated()
    {
        IceHostInterfaces.Invalidate();
        var first = IceHostInterfaces.Get();
        Assert.Same(first, IceHostInterfaces.Get());
        Assert.Contains(first, i => i.IsLoopback || i.Addresses.Any(IPAddress.IsLoopback));

        IceHostInterfaces.Invalidate();
        var fresh = IceHostInterfaces.Get();

        Assert.NotSame(first, fresh);
        Assert.Equal(first.SelectMany(i => i.Addresses), fresh.SelectMany(i => i.Addresses));
    }
}
