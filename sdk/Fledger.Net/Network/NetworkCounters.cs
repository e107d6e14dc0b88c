namespace Fledger.Net.Network;

/// <summary>Counters of a <see cref="NetworkHandler"/> since it was created.</summary>
/// <param name="MessagesSent">Node messages handed to a connection.</param>
/// <param name="MessagesReceived">Node messages received and reassembled.</param>
/// <param name="FramesSent">Data-channel messages sent.</param>
/// <param name="FramesReceived">Data-channel messages received.</param>
/// <param name="MalformedFrames">Received frames dropped as malformed (bad header, too large, out of order...; oversized included).</param>
/// <param name="ReassemblyExpired">Partial messages dropped after the reassembly timeout.</param>
/// <param name="SendFailures">Messages reported with <see cref="NetworkOut.SendFailed"/>.</param>
/// <param name="GarbageDisconnects">Peers disconnected for sending too many malformed frames or an oversized one.</param>
public sealed record NetworkCounters(
    long MessagesSent,
    long MessagesReceived,
    long FramesSent,
    long FramesReceived,
    long MalformedFrames,
    long ReassemblyExpired,
    long SendFailures,
    long GarbageDisconnects);
