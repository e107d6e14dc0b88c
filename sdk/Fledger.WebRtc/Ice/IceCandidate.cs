using System.Globalization;
using System.Net;
using System.Text;

namespace Fledger.WebRtc.Ice;

/// <summary>An ICE candidate as carried in an SDP <c>a=candidate:</c> line or a trickled candidate string.</summary>
/// <remarks>
/// Grammar from <see href="https://www.rfc-editor.org/rfc/rfc8839#section-5.1">RFC 8839 §5.1</see>;
/// priority formula from <see href="https://www.rfc-editor.org/rfc/rfc8445#section-5.1.2">RFC 8445 §5.1.2</see>.
/// <see cref="Address"/> may be an mDNS name (<c>&lt;uuid&gt;.local</c>), as browsers send.
/// </remarks>
public sealed partial record IceCandidate
{
    /// <summary>Longest accepted attribute line, in characters.</summary>
    public const int MaxLineLength = 1024;

    /// <summary>The foundation (1–32 ice-chars).</summary>
    public required string Foundation { get; init; }

    /// <summary>The component id (1 for the single data component).</summary>
    public int Component { get; init; } = 1;

    /// <summary>The transport in lower case (<c>udp</c>; other values are parsed but not used by the agent).</summary>
    public string Protocol { get; init; } = "udp";

    /// <summary>The candidate priority.</summary>
    public required uint Priority { get; init; }

    /// <summary>The connection address: an IP literal or a host name such as an mDNS <c>.local</c> name.</summary>
    public required string Address { get; init; }

    /// <summary>The port.</summary>
    public required int Port { get; init; }

    /// <summary>The candidate type.</summary>
    public required IceCandidateType Type { get; init; }

    /// <summary>The related address (<c>raddr</c>), if given.</summary>
    public string? RelatedAddress { get; init; }

    /// <summary>The related port (<c>rport</c>), if given.</summary>
    public int? RelatedPort { get; init; }

    /// <summary>The <c>generation</c> extension, if given.</summary>
    public int? Generation { get; init; }

    /// <summary>The <c>ufrag</c> extension, if given.</summary>
    public string? Ufrag { get; init; }

    /// <summary>Other extension attributes, in order (e.g. <c>network-id</c>, <c>network-cost</c>, <c>tcptype</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Extensions { get; init; } = [];

    /// <summary>Whether <see cref="Address"/> is an mDNS name (ends with <c>.local</c>).</summary>
    public bool IsMdns => Address.EndsWith(".local", StringComparison.OrdinalIgnoreCase);

    /// <summary>The address as an endpoint, or <c>null</c> when it is a host name.</summary>
    public IPEndPoint? EndPoint =>
        IPAddress.TryParse(Address, out var ip) ? new IPEndPoint(ip, Port) : null;

    /// <summary>The RFC 8445 type preference for <paramref name="type"/>: host 126, prflx 110, srflx 100, relay 0.</summary>
    public static int TypePreference(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => 126,
        IceCandidateType.PeerReflexive => 110,
        IceCandidateType.ServerReflexive => 100,
        _ => 0,
    };

    /// <summary>
    /// Computes a candidate priority: 2^24·type preference + 2^8·local preference + (256 − component).
    /// </summary>
    /// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8445#section-5.1.2.1">RFC 8445 §5.1.2.1</see>.</remarks>
    public static uint ComputePriority(IceCandidateType type, int localPreference, int component = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(localPreference);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(localPreference, 65535);
        ArgumentOutOfRangeException.ThrowIfLessThan(component, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(component, 256);
        return (uint)((TypePreference(type) << 24) + (localPreference << 8) + (256 - component));
    }

    /// <summary>The SDP name of a candidate type (<c>host</c>, <c>srflx</c>, <c>prflx</c>, <c>relay</c>).</summary>
    public static string TypeName(IceCandidateType type) => type switch
    {
        IceCandidateType.Host => "host",
        IceCandidateType.ServerReflexive => "srflx",
        IceCandidateType.PeerReflexive => "prflx",
        _ => "relay",
    };

    /// <summary>Serializes as <c>candidate:…</c> (without <c>a=</c>), as trickled to a browser.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder(128);
        builder.Append("candidate:").Append(Foundation).Append(' ')
            .Append(Component.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Protocol).Append(' ')
            .Append(Priority.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Address).Append(' ')
            .Append(Port.ToString(CultureInfo.InvariantCulture))
            .Append(" typ ").Append(TypeName(Type));
        if (RelatedAddress is not null && RelatedPort is not null)
        {
            builder.Append(" raddr ").Append(RelatedAddress)
                .Append(" rport ").Append(RelatedPort.Value.ToString(CultureInfo.InvariantCulture));
        }

        foreach (var (key, value) in Extensions)
        {
            builder.Append(' ').Append(key).Append(' ').Append(value);
        }

        if (Generation is not null)
        {
            builder.Append(" generation ").Append(Generation.Value.ToString(CultureInfo.InvariantCulture));
        }

        if (Ufrag is not null)
        {
            builder.Append(" ufrag ").Append(Ufrag);
        }

        return builder.ToString();
    }
}
