namespace Fledger.SignalServer.Tests.Infrastructure;

/// <summary>One message the server sent to a raw test client.</summary>
public sealed record ServerMessage(string Method, object?[] Args);
