namespace Fledger.WebRtc.PeerConnection;

/// <summary>Records the first time each <see cref="SetupPhase"/> is reached (lock-free; later marks are ignored).</summary>
internal sealed class SetupPhaseRecorder
{
    private const int PhaseCount = (int)SetupPhase.ChannelOpen + 1;

    private readonly TimeProvider _time;
    private readonly long _created;
    private readonly long[] _reached = new long[PhaseCount];

    public SetupPhaseRecorder(TimeProvider time)
    {
        _time = time;
        _created = time.GetTimestamp();
        Array.Fill(_reached, -1L);
    }

    /// <summary>Marks <paramref name="phase"/> as reached now, unless it was reached before.</summary>
    public void Mark(SetupPhase phase)
    {
        var elapsed = Math.Max(0, _time.GetTimestamp() - _created);
        Interlocked.CompareExchange(ref _reached[(int)phase], elapsed, -1L);
    }

    /// <summary>A snapshot of the phases reached so far.</summary>
    public RtcSetupTimings Snapshot() => new(
        Get(SetupPhase.LocalDescriptionSet),
        Get(SetupPhase.RemoteDescriptionSet),
        Get(SetupPhase.CandidatesGathered),
        Get(SetupPhase.IceConnected),
        Get(SetupPhase.IceNominated),
        Get(SetupPhase.DtlsStarted),
        Get(SetupPhase.DtlsConnected),
        Get(SetupPhase.SctpEstablished),
        Get(SetupPhase.ChannelOpen));

    private TimeSpan? Get(SetupPhase phase)
    {
        var ticks = Interlocked.Read(ref _reached[(int)phase]);
        return ticks < 0 ? null : _time.GetElapsedTime(_created, _created + ticks);
    }
}
