namespace Fledger.WebRtc.Ice;

/// <summary>The connection state of an <see cref="IceAgent"/> (mirrors <c>RTCIceConnectionState</c>).</summary>
public enum IceConnectionState
{
    /// <summary>Created; no checks yet.</summary>
    New,

    /// <summary>Connectivity checks are running; no pair works yet.</summary>
    Checking,

    /// <summary>At least one pair works (data may flow); no pair is nominated yet.</summary>
    Connected,

    /// <summary>A pair is nominated and selected.</summary>
    Completed,

    /// <summary>
    /// Terminal: no pair worked within <see cref="IceOptions.ConnectTimeout"/>, or consent expired
    /// (<see cref="IceOptions.ConsentTimeout"/>).
    /// </summary>
    Failed,

    /// <summary>Consent responses stopped for <see cref="IceOptions.DisconnectedTimeout"/>; recovers when they return.</summary>
    Disconnected,

    /// <summary>Disposed.</summary>
    Closed,
}
