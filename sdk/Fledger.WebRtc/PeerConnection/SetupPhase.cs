namespace Fledger.WebRtc.PeerConnection;

/// <summary>The setup phases recorded by <see cref="SetupPhaseRecorder"/> (see <see cref="RtcSetupTimings"/>).</summary>
internal enum SetupPhase
{
    LocalDescriptionSet,
    RemoteDescriptionSet,
    CandidatesGathered,
    IceConnected,
    IceNominated,
    DtlsStarted,
    DtlsConnected,
    SctpEstablished,
    ChannelOpen,
}
