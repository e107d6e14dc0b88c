using Fledger.WebRtc.Dtls;

namespace Fledger.WebRtc.Tests.Dtls;

public sealed class HandshakeThreadsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Run_SequentialWork_RunsOnDedicatedThreadsAndReusesParkedOnes()
    {
        const int count = 20;
        var threadIds = new HashSet<int>();
        for (var i = 0; i < count; i++)
        {
            var ran = new TaskCompletionSource<(int Id, bool Pool, string? Name)>(TaskCreationOptions.RunContinuationsAsynchronously);
            HandshakeThreads.Run(() => ran.SetResult((Environment.CurrentManagedThreadId, Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name)));
            var (id, pool, name) = await ran.Task.WaitAsync(Timeout);
            Assert.False(pool);
            Assert.Equal("dtls-handshake", name);
            threadIds.Add(id);
        }

        Assert.True(threadIds.Count < count, $"{threadIds.Count} threads for {count} sequential runs");
        Assert.InRange(HandshakeThreads.IdleCount, 0, HandshakeThreads.MaxIdle);
    }

    [Fact]
    public async Task Run_ExecutionContext_FlowsFromEachCallerOnly()
    {
        var local = new AsyncLocal<string?>();
        local.Value = "first";
        var first = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        HandshakeThreads.Run(() => first.SetResult(local.Value));
        Assert.Equal("first", await first.Task.WaitAsync(Timeout));

        local.Value = null;
        var second = new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously);
        HandshakeThreads.Run(() => second.SetResult(local.Value));
        Assert.Null(await second.Task.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Run_ConcurrentBlockingWork_EachGetsItsOwnThread()
    {
        // Handshakes block for round trips: two at once must not wait for each other.
        using var release = new ManualResetEventSlim();
        var started = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        var done = new[] { new TaskCompletionSource(), new TaskCompletionSource() };
        for (var i = 0; i < 2; i++)
        {
            var index = i;
            HandshakeThreads.Run(() =>
            {
                started[index].SetResult();
                release.Wait(Timeout);
                done[index].SetResult();
            });
        }

        await Task.WhenAll(started[0].Task, started[1].Task).WaitAsync(Timeout);
        release.Set();
        await Task.WhenAll(done[0].Task, done[1].Task).WaitAsync(Timeout);
    }
}
