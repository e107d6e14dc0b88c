using System.Diagnostics.Metrics;
using Fledger.Net.Signaling;
using Fledger.SignalServer.Connections;

namespace Fledger.SignalServer.Diagnostics;

/// <summary>
/// Metrics of the signaling server (meter <see cref="MeterName"/>), exported at <c>/metrics</c> in
/// Prometheus format: open connections, announced nodes, relays and rejections by reason.
/// </summary>
public sealed class SignalServerMetrics
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "Fledger.SignalServer";

    private readonly Counter<long> _relays;
    private readonly Counter<long> _announces;
    private readonly Counter<long> _rejections;

    /// <summary>Creates the instruments.</summary>
    public SignalServerMetrics(IMeterFactory meterFactory, ConnectionTracker connections)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("fledger.signal.connections", () => connections.Count, description: "Open SignalR connections.");
        meter.CreateObservableGauge("fledger.signal.nodes", () => connections.AnnouncedCount, description: "Connections with an announced node.");
        _relays = meter.CreateCounter<long>("fledger.signal.relays", description: "Peer setups relayed.");
        _announces = meter.CreateCounter<long>("fledger.signal.announces", description: "Successful announces.");
        _rejections = meter.CreateCounter<long>("fledger.signal.rejections", description: "Refused messages by reason.");
    }

    /// <summary>Counts one relayed peer setup.</summary>
    public void Relayed() => _relays.Add(1);

    /// <summary>Counts one successful announce.</summary>
    public void Announced() => _announces.Add(1);

    /// <summary>Counts one refused message.</summary>
    public void Rejected(SignalErrorCode reason) => _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason.ToString()));
}
