namespace Fledger.InteropBench;

/// <summary>
/// Milliseconds since the Unix epoch from the system clock (CLOCK_REALTIME, microsecond resolution), the clock the
/// page's <c>performance.timeOrigin + performance.now()</c> is anchored to: setups that end on the other side of
/// the relay compare the two. <see cref="InteropRunner.ClockOffsetMedianAsync"/> checks how well they agree.
/// </summary>
internal static class WallClock
{
    public static double NowMs() => (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;
}
