namespace Fledger.Broker.Internal;

/// <summary>
/// The trail and work token of a message that arrived over a link and had to wait in the target's queue. Kept out of
/// the queue entry so that entries stay small (a 64-byte entry costs ConcurrentQueue about twice the time of a
/// 24-byte one); pooled (<see cref="RecyclePool{T}"/>) like <see cref="WorkToken"/>, so queued linked messages
/// allocate nothing in steady state.
/// </summary>
internal sealed class LinkedState
{
    public Trail Trail;

    public WorkToken? Token;

    public static LinkedState Rent(in Trail trail, WorkToken? token)
    {
        var state = RecyclePool<LinkedState>.Rent();
        state.Trail = trail;
        state.Token = token;
        return state;
    }

    public void Return()
    {
        Token = null;
        RecyclePool<LinkedState>.Return(this);
    }
}
