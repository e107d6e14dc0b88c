namespace Fledger.Interop.Tests.Peers;

/// <summary>A received message summarised as the browser harness does: kind, length, FNV-1a checksum, short text.</summary>
public sealed record TestMessage(string Kind, int Length, uint Checksum, string? Text);
