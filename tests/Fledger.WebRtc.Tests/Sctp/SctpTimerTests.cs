using Fledger.WebRtc.Sctp;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.WebRtc.Tests.Sctp;

public sealed class SctpTimerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly List<int> _fired = [];

    private SctpTimer Create() => new(_time, _fired.Add, 7);

    [Fact]
    public void Start_DeadlinePasses_PostsOnceAndExpires()
    {
        using var timer = Create();
        timer.Start(TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.Empty(_fired);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([7], _fired);
        Assert.True(timer.TryExpire());
        Assert.False(timer.IsRunning);
        Assert.False(timer.TryExpire());
    }

    [Fact]
    public void Start_RestartedLater_EarlyFireReArmsForTheNewDeadline()
    {
        using var timer = Create();
        timer.Start(TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromMilliseconds(60));
        timer.Start(TimeSpan.FromMilliseconds(100));
        _time.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Single(_fired);
        Assert.False(timer.TryExpire());
        _time.Advance(TimeSpan.FromMilliseconds(59));
        Assert.Single(_fired);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, _fired.Count);
        Assert.True(timer.TryExpire());
    }

    [Fact]
    public void Stop_BeforeDeadline_FireIsIgnored()
    {
        using var timer = Create();
        timer.Start(TimeSpan.FromMilliseconds(10));
        timer.Stop();
        _time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.False(timer.TryExpire());
        timer.EnsureRunning(TimeSpan.FromMilliseconds(5));
        _time.Advance(TimeSpan.FromMilliseconds(5));
        Assert.True(timer.TryExpire());
    }
}
