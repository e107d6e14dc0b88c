using System.Globalization;
using System.Text;

namespace Fledger.WebRtc.Sdp;

public sealed partial record SdpSessionDescription
{
    /// <summary>Writes the description as SDP text with CRLF line ends, attribute order as Chromium writes it.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder(512 + (Application.Candidates.Count * 120));
        Line(sb, "v=0");
        Line(sb, string.Create(CultureInfo.InvariantCulture, $"o={OriginUser} {SessionId} {SessionVersion} IN IP4 127.0.0.1"));
        Line(sb, "s=-");
        Line(sb, "t=0 0");
        if (BundleMids.Count > 0)
        {
            Line(sb, "a=group:BUNDLE " + string.Join(' ', BundleMids));
        }

        if (IceLite)
        {
            Line(sb, "a=ice-lite");
        }

        var appAt = Math.Clamp(ApplicationIndex, 0, OtherMedia.Count);
        var other = 0;
        for (var i = 0; i <= OtherMedia.Count; i++)
        {
            if (i == appAt)
            {
                WriteApplication(sb, Application);
            }
            else
            {
                WriteRejected(sb, OtherMedia[other++]);
            }
        }

        return sb.ToString();
    }

    private static void WriteApplication(StringBuilder sb, SdpApplicationMedia media)
    {
        Line(sb, string.Create(CultureInfo.InvariantCulture, $"m=application {media.Port} {media.Protocol} {media.Format}"));
        Line(sb, "c=" + media.Connection);
        foreach (var candidate in media.Candidates)
        {
            Line(sb, "a=" + candidate);
        }

        if (media.EndOfCandidates)
        {
            Line(sb, "a=end-of-candidates");
        }

        Line(sb, "a=ice-ufrag:" + media.IceUfrag);
        Line(sb, "a=ice-pwd:" + media.IcePwd);
        if (media.IceOptions.Count > 0)
        {
            Line(sb, "a=ice-options:" + string.Join(' ', media.IceOptions));
        }

        foreach (var fingerprint in media.Fingerprints)
        {
            Line(sb, "a=fingerprint:" + fingerprint);
        }

        if (media.Setup is { } setup)
        {
            Line(sb, "a=setup:" + SetupName(setup));
        }

        if (media.Mid is not null)
        {
            Line(sb, "a=mid:" + media.Mid);
        }

        Line(sb, string.Create(CultureInfo.InvariantCulture, $"a=sctp-port:{media.SctpPort}"));
        if (media.MaxMessageSize is { } max)
        {
            Line(sb, string.Create(CultureInfo.InvariantCulture, $"a=max-message-size:{max}"));
        }
    }

    private static void WriteRejected(StringBuilder sb, SdpOtherMedia media)
    {
        Line(sb, string.Create(CultureInfo.InvariantCulture, $"m={media.Media} {media.Port} {media.Protocol} {media.Formats}"));
        Line(sb, "c=IN IP4 0.0.0.0");
        if (media.Mid is not null)
        {
            Line(sb, "a=mid:" + media.Mid);
        }
    }

    internal static string SetupName(SdpSetupRole setup) => setup switch
    {
        SdpSetupRole.ActPass => "actpass",
        SdpSetupRole.Active => "active",
        SdpSetupRole.Passive => "passive",
        SdpSetupRole.HoldConn => "holdconn",
        _ => throw new ArgumentOutOfRangeException(nameof(setup)),
    };

    private static void Line(StringBuilder sb, string line) => sb.Append(line).Append("\r\n");
}
