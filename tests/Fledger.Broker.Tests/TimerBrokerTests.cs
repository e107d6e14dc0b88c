using Fledger.Broker.Testing;
using Fledger.Broker.Timer;
using Microsoft.Extensions.Time.Testing;

namespace Fledger.Broker.Tests;

public sealed class TimerBrokerTests
{
    [Fact]
    public async Task FakeTime_TwoMinutes_EmitsSecondAndMinuteTicks()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z"));
        await using var timer = new TimerBroker(time, BrokerOptions.Manual);
        using var probe = new ModuleProbe<TimerIn, TimerOut>(timer.Broker);

        for (var i = 0; i < 120; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await probe.SettleAsync();

        var seconds = probe.Take<SecondTick>();
        var minutes = probe.Take<MinuteTick>();
        Assert.Equal(120, seconds.Count);
        Assert.Equal(2, minutes.Count);
        Assert.Equal(time.GetUtcNow(), minutes[^1].Now);
        Assert.Equal(DateTimeOffset.Parse("2026-01-01T00:00:01Z"), seconds[0].Now);
    }

    [Fact]
    public async Task NoTimeAdvanced_NoTicks()
    {
        var time = new FakeTimeProvider();
        await using var timer = new TimerBroker(time, BrokerOptions.Manual);
        using var probe = new ModuleProbe<TimerIn, TimerOut>(timer.Broker);

        time.Advance(TimeSpan.FromMilliseconds(999));
        await probe.SettleAsync();

        Assert.Empty(probe.Outputs);
    }
}
