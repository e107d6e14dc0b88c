namespace Fledger.Broker.Tests;

public abstract record In;

public sealed record Number(int Producer, int Value) : In;

public sealed record Request(int Value) : In;

public sealed record Response(int Value) : In;

public sealed record Fail(int Value) : In;

public abstract record Out;

public sealed record Seen(int Producer, int Value) : Out;

public sealed record Asked(int Value) : Out;

public sealed record Answered(int Value) : Out;
