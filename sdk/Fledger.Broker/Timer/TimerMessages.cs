namespace Fledger.Broker.Timer;

/// <summary>Inputs of the timer broker.</summary>
public abstract record TimerIn;

/// <summary>Outputs of the timer broker.</summary>
public abstract record TimerOut;

/// <summary>Emitted once per second of the injected clock.</summary>
/// <param name="Now">The clock's time at the tick.</param>
public sealed record SecondTick(DateTimeOffset Now) : TimerOut;

/// <summary>Emitted once per minute of the injected clock (after the 60th second tick).</summary>
/// <param name="Now">The clock's time at the tick.</param>
public sealed record MinuteTick(DateTimeOffset Now) : TimerOut;
