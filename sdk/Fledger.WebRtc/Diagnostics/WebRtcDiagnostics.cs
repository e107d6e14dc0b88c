using System.Diagnostics.Metrics;

namespace Fledger.WebRtc.Diagnostics;

/// <summary>
/// Process-wide counters of the managed WebRTC stack's resources, for leak checks (soak tests) and metrics. Each is
/// one <see cref="Interlocked"/> operation when a resource is created or released; a process with no live peer
/// connection reads zero everywhere once every connection has been closed.
/// </summary>
/// <remarks>
/// Also published as observable up-down counters on the <see cref="System.Diagnostics.Metrics.Meter"/> named
/// <see cref="MeterName"/> (<c>fledger.webrtc.*</c>), read only when a listener collects them.
/// </remarks>
public static class WebRtcDiagnostics
{
    /// <summary>The name of the meter that publishes the counters.</summary>
    public const string MeterName = "Fledger.WebRtc";

    private static readonly Meter s_meter = CreateMeter();
    private static long s_openSockets;
    private static long s_livePeerConnections;
    private static long s_liveSctpAssociations;
    private static long s_runningLoops;

    /// <summary>UDP sockets bound by ICE agents and not yet closed.</summary>
    public static long OpenSockets => Interlocked.Read(ref s_openSockets);

    /// <summary>Peer connections created and not yet closed (<c>RtcPeerConnection.CloseAsync</c>).</summary>
    public static long LivePeerConnections => Interlocked.Read(ref s_livePeerConnections);

    /// <summary>SCTP associations started and not yet ended.</summary>
    public static long LiveSctpAssociations => Interlocked.Read(ref s_liveSctpAssociations);

    /// <summary>
    /// Background loops running: ICE receive loops, DTLS handshake threads and receive loops, SCTP association loops.
    /// </summary>
    public static long RunningLoops => Interlocked.Read(ref s_runningLoops);

    /// <summary>The meter (kept alive for the process).</summary>
    internal static Meter Meter => s_meter;

    internal static void SocketOpened() => Interlocked.Increment(ref s_openSockets);

    internal static void SocketClosed() => Interlocked.Decrement(ref s_openSockets);

    internal static void PeerConnectionCreated() => Interlocked.Increment(ref s_livePeerConnections);

    internal static void PeerConnectionClosed() => Interlocked.Decrement(ref s_livePeerConnections);

    internal static void SctpAssociationStarted() => Interlocked.Increment(ref s_liveSctpAssociations);

    internal static void SctpAssociationEnded() => Interlocked.Decrement(ref s_liveSctpAssociations);

    /// <summary>Runs <paramref name="loop"/> on the thread pool and counts it in <see cref="RunningLoops"/> until it ends.</summary>
    internal static Task RunLoop(Func<Task> loop)
    {
        Interlocked.Increment(ref s_runningLoops);
        return Task.Run(async () =>
        {
            try
            {
                await loop().ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref s_runningLoops);
            }
        });
    }

    /// <summary>Counts a loop that runs on its own thread; call <see cref="LoopEnded"/> when it returns.</summary>
    internal static void LoopStarted() => Interlocked.Increment(ref s_runningLoops);

    /// <summary>Ends a loop counted with <see cref="LoopStarted"/>.</summary>
    internal static void LoopEnded() => Interlocked.Decrement(ref s_runningLoops);

    private static Meter CreateMeter()
    {
        var meter = new Meter(MeterName);
        meter.CreateObservableUpDownCounter("fledger.webrtc.sockets", () => OpenSockets, description: "UDP sockets bound by ICE agents and open");
        meter.CreateObservableUpDownCounter("fledger.webrtc.peer_connections", () => LivePeerConnections, description: "Peer connections not yet closed");
        meter.CreateObservableUpDownCounter("fledger.webrtc.sctp_associations", () => LiveSctpAssociations, description: "SCTP associations started and not ended");
        meter.CreateObservableUpDownCounter("fledger.webrtc.loops", () => RunningLoops, description: "Background loops of the stack running");
        return meter;
    }
}
