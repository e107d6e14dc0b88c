using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;

namespace Fledger.WebRtc.Ice;

/// <summary>
/// A process-wide snapshot of the host's interfaces and unicast addresses for host-candidate gathering
/// (RFC 8445 §5.1.1.1). <see cref="NetworkInterface.GetAllNetworkInterfaces"/> costs 0.7–2 ms on Linux (measured on
/// the 2-core test machine, 3 interfaces) and sat on the critical path of every setup: the offer and the answer wait
/// for the host candidates. Addresses rarely change, so a snapshot is reused for up to <see cref="MaxAge"/> and dropped
/// as soon as the OS reports an address change (<see cref="NetworkChange.NetworkAddressChanged"/>).
/// </summary>
/// <remarks>
/// The age is measured on the process's monotonic clock (<see cref="Stopwatch"/>), not an agent's injected
/// <see cref="TimeProvider"/>: the snapshot is shared by agents whose clocks need not agree.
/// </remarks>
internal static class IceHostInterfaces
{
    /// <summary>How long a snapshot is reused when no address change was reported.</summary>
    internal static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private static Snapshot? s_snapshot;
    private static int s_watching;

    /// <summary>The interfaces that are up (or of unknown state), with their unicast addresses.</summary>
    public static IReadOnlyList<HostInterface> Get()
    {
        var now = Stopwatch.GetTimestamp();
        var snapshot = Volatile.Read(ref s_snapshot);
        if (snapshot is not null && Stopwatch.GetElapsedTime(snapshot.TakenAt, now) < MaxAge)
        {
            return snapshot.Interfaces;
        }

        Watch();
        var interfaces = Enumerate();
        Volatile.Write(ref s_snapshot, new Snapshot(interfaces, now));
        return interfaces;
    }

    /// <summary>Drops the snapshot; the next <see cref="Get"/> enumerates again.</summary>
    public static void Invalidate() => Volatile.Write(ref s_snapshot, null);

    private static HostInterface[] Enumerate()
    {
        var result = new List<HostInterface>();
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            if (nic.OperationalStatus is not (OperationalStatus.Up or OperationalStatus.Unknown))
            {
                continue;
            }

            var addresses = nic.GetIPProperties().UnicastAddresses.Select(u => u.Address).ToArray();
            result.Add(new HostInterface(nic, nic.NetworkInterfaceType == NetworkInterfaceType.Loopback, addresses));
        }

        return [.. result];
    }

    private static void Watch()
    {
        if (Interlocked.Exchange(ref s_watching, 1) != 0)
        {
            return;
        }

        try
        {
            NetworkChange.NetworkAddressChanged += static (_, _) => Invalidate();
        }
        catch (Exception ex) when (ex is PlatformNotSupportedException or NetworkInformationException or System.Net.Sockets.SocketException)
        {
            // No change notifications here: the snapshot then simply expires after MaxAge.
        }
    }

    /// <summary>One interface that is up, with its unicast addresses.</summary>
    internal sealed record HostInterface(NetworkInterface Nic, bool IsLoopback, IReadOnlyList<IPAddress> Addresses);

    private sealed record Snapshot(HostInterface[] Interfaces, long TakenAt);
}
