namespace Fledger.SignalLoad;

/// <summary>Result of the connection phase: nodes held concurrently and the server's memory per node.</summary>
public sealed record ConnectionResult(
    int Target,
    int Held,
    string ServerGauge,
    int Failures,
    double Seconds,
    double AnnouncesPerSecond,
    double ServerRssMiB,
    double KiBPerNode,
    int ServerFds,
    string? StoppedBy,
    double LoadAverage);
