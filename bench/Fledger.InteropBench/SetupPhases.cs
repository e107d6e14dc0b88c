using System.Globalization;
using Fledger.WebRtc.PeerConnection;

namespace Fledger.InteropBench;

/// <summary>Formats the median time each setup phase of the managed peer was reached (<see cref="RtcSetupTimings"/>).</summary>
internal static class SetupPhases
{
    private static readonly (string Name, Func<RtcSetupTimings, TimeSpan?> Get)[] Phases =
    [
        ("local desc", t => t.LocalDescriptionSet),
        ("remote desc", t => t.RemoteDescriptionSet),
        ("gathered", t => t.CandidatesGathered),
        ("ICE connected", t => t.IceConnected),
        ("DTLS started", t => t.DtlsStarted),
        ("DTLS connected", t => t.DtlsConnected),
        ("SCTP established", t => t.SctpEstablished),
        ("channel open", t => t.ChannelOpen),
        ("ICE nominated", t => t.IceNominated),
    ];

    private static readonly (string Name, Func<RtcSetupTimings, TimeSpan?> From, Func<RtcSetupTimings, TimeSpan?> To)[] Steps =
    [
        ("remote desc → ICE connected", t => t.RemoteDescriptionSet, t => t.IceConnected),
        ("ICE → DTLS connected", t => t.IceConnected, t => t.DtlsConnected),
        // The DTLS server may start before ICE connects (on the peer's ClientHello), even before the remote description.
        ("DTLS started → connected", t => t.DtlsStarted, t => t.DtlsConnected),
        ("DTLS → SCTP established", t => t.DtlsConnected, t => t.SctpEstablished),
        ("SCTP → channel open", t => t.SctpEstablished, t => t.ChannelOpen),
    ];

    /// <summary>One line: the median of each step's per-setup duration (more robust under load than differences of medians).</summary>
    public static string FormatSteps(IReadOnlyList<RtcSetupTimings> timings) =>
        "managed steps (median of per-setup ms): " + string.Join(", ", Steps.Select(step =>
            $"{step.Name} {Median(timings.Where(t => step.From(t) is not null && step.To(t) is not null).Select(t => step.To(t)!.Value - step.From(t)!.Value))}"));

    /// <summary>Median ms since the setup started at which each side's channel opened.</summary>
    public static string FormatOpen(IReadOnlyList<(TimeSpan Managed, TimeSpan Chromium)> opens) => string.Create(CultureInfo.InvariantCulture,
        $"channel open (median ms since the offerer started): managed {Median(opens.Select(o => o.Managed))}, Chromium {Median(opens.Select(o => o.Chromium))}");

    /// <summary>One line: each phase's median in ms since the managed peer connection was created.</summary>
    public static string Format(IReadOnlyList<RtcSetupTimings> timings) =>
        "managed phases (median ms since its creation): " + string.Join(", ", Phases.Select(p =>
        {
            var values = timings.Select(p.Get).Where(v => v is not null).Select(v => v!.Value.TotalMilliseconds).Order().ToArray();
            return values.Length == 0
                ? $"{p.Name} -"
                : string.Create(CultureInfo.InvariantCulture, $"{p.Name} {values[values.Length / 2]:0.0}");
        }));

    private static string Median(IEnumerable<TimeSpan> values)
    {
        var sorted = values.Select(v => v.TotalMilliseconds).Order().ToArray();
        return sorted.Length == 0 ? "-" : sorted[sorted.Length / 2].ToString("0.0", CultureInfo.InvariantCulture);
    }
}
