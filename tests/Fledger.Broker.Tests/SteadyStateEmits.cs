namespace Fledger.Broker.Tests;

/// <summary>Emits that must complete inline and allocate nothing once warm (the broker's 0 B hot path).</summary>
internal static class SteadyStateEmits
{
    /// <summary>
    /// Emits 100 times to warm up, then 1,000 times measuring this thread's allocations; every emit must complete
    /// synchronously. Returns the bytes allocated by the 1,000. A synchronous loop, so the caller's execution context
    /// stays the same object, as in a loop in one async method.
    /// </summary>
    public static long AllocatedBy1000(Func<ValueTask> emit)
    {
        for (var i = 0; i < 100; i++)
        {
            Assert.True(CompletedNow(emit()));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++)
        {
            Assert.True(CompletedNow(emit()));
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static bool CompletedNow(ValueTask emit) => emit.IsCompletedSuccessfully;
}
