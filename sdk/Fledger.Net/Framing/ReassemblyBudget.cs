namespace Fledger.Net.Framing;

/// <summary>
/// A byte budget shared by the <see cref="FrameAssembler"/>s of all connections of a node, so that many peers each
/// holding partial messages cannot together exhaust memory. Thread-safe.
/// </summary>
/// <param name="capacity">The most bytes all partial messages may hold together.</param>
public sealed class ReassemblyBudget(long capacity)
{
    private long _used;

    /// <summary>The most bytes all partial messages may hold together.</summary>
    public long Capacity { get; } = capacity;

    /// <summary>Bytes held now.</summary>
    public long Used => Interlocked.Read(ref _used);

    /// <summary>Takes <paramref name="bytes"/> from the budget; false (and nothing taken) when it would go over.</summary>
    public bool TryReserve(long bytes)
    {
        while (true)
        {
            var used = Interlocked.Read(ref _used);
            if (used + bytes > Capacity)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, used + bytes, used) == used)
            {
                return true;
            }
        }
    }

    /// <summary>Gives <paramref name="bytes"/> back.</summary>
    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
