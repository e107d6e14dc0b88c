namespace Fledger.Interop.Tests.Peers;

/// <summary>The stats both kinds of peer report: state, the selected pair's candidate types and byte counts.</summary>
public sealed record TestStats(string ConnectionState, string? LocalCandidateType, string? RemoteCandidateType,
    long BytesSent, long BytesReceived);
