using Fledger.SignalServer.Connections;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.SignalServer.Tests.Registry;

public class TokenBucketTests
{
    [Fact]
    public void TryTake_BurstThenRefillAtRate()
    {
        var time = new FakeTimeProvider();
        var bucket = new TokenBucket(time, capacity: 5, perSecond: 2);

        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => bucket.TryTake()));
        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(bucket.TryTake());
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(bucket.TryTake());
        Assert.False(bucket.TryTake());

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(5, Enumerable.Range(0, 10).Count(_ => bucket.TryTake()));
    }
}
