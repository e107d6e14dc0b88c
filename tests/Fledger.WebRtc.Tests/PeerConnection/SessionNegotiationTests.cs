using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.PeerConnection;
using Fledger.WebRtc.Sdp;
using Fledger.WebRtc.Tests.Sdp;

namespace Fledger.WebRtc.Tests.PeerConnection;

public sealed class SessionNegotiationTests
{
    private static readonly LocalSessionParameters Local =
        new("abcdEFGH", "abcdefghijklmnopqrstuvwx", DtlsCertificate.Shared.Fingerprint, 262144);

    [Fact]
    public void BuildOffer_Always_IsChromiumShapedActPass()
    {
        var text = SessionNegotiation.BuildOffer(Local, 7, 1, [], false).ToString();

        Assert.Null(SdpSessionDescription.TryParse(text, out var parsed));
        Assert.Equal(SdpSetupRole.ActPass, parsed!.Application.Setup);
        Assert.Equal(["0"], parsed.BundleMids);
        Assert.Equal("0", parsed.Application.Mid);
        Assert.Equal(["trickle"], parsed.Application.IceOptions);
        Assert.Contains("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n", text);
        Assert.Contains("a=sctp-port:5000\r\na=max-message-size:262144\r\n", text);
    }

    [Fact]
    public void BuildAnswer_ChromiumOffer_EchoesMidAndBundleAndIsActive()
    {
        SdpSessionDescription.TryParse(ChromiumSdp.Offer.Replace("a=mid:0", "a=mid:dc").Replace("BUNDLE 0", "BUNDLE dc"), out var offer);
        Assert.Null(SessionNegotiation.AnswerSetup(offer!.Application.Setup, out var setup));

        var answer = SessionNegotiation.BuildAnswer(offer, Local, setup, 9, 1, ["candidate:1 1 udp 2130706431 127.0.0.1 5000 typ host"], true);

        Assert.Null(SdpSessionDescription.TryParse(answer.ToString(), out var parsed));
        Assert.Equal(SdpSetupRole.Active, parsed!.Application.Setup);
        Assert.Equal("dc", parsed.Application.Mid);
        Assert.Equal(["dc"], parsed.BundleMids);
        Assert.True(parsed.Application.EndOfCandidates);
        Assert.Equal(DtlsRole.Client, SessionNegotiation.RoleOf(setup));
    }

    [Fact]
    public void BuildAnswer_OfferWithAudio_RejectsItInPlace()
    {
        var text = ChromiumSdp.Offer.Replace("m=application", "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:a\r\nm=application");
        Assert.Null(SdpSessionDescription.TryParse(text, out var offer));

        var answer = SessionNegotiation.BuildAnswer(offer!, Local, SdpSetupRole.Active, 9, 1, [], false).ToString();

        Assert.True(answer.IndexOf("m=audio 0 ", StringComparison.Ordinal) < answer.IndexOf("m=application 9 ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(SdpSetupRole.ActPass, SdpSetupRole.Active)]
    [InlineData(SdpSetupRole.Passive, SdpSetupRole.Active)]
    [InlineData(SdpSetupRole.Active, SdpSetupRole.Passive)]
    public void AnswerSetup_OfferedValue_GivesExactlyOneClient(SdpSetupRole offered, SdpSetupRole expected)
    {
        Assert.Null(SessionNegotiation.AnswerSetup(offered, out var answer));
        Assert.Equal(expected, answer);
    }

    [Fact]
    public void AnswerSetup_HoldConn_IsIncompatible()
    {
        Assert.Equal(RtcDescriptionErrorCode.IncompatibleSetup, SessionNegotiation.AnswerSetup(SdpSetupRole.HoldConn, out _)?.Code);
    }

    [Theory]
    [InlineData(null, DtlsRole.Server)]
    [InlineData(SdpSetupRole.Active, DtlsRole.Server)]
    [InlineData(SdpSetupRole.Passive, DtlsRole.Client)]
    public void OffererRole_AnswerSetup_ResolvesRole(SdpSetupRole? answered, DtlsRole expected)
    {
        Assert.Null(SessionNegotiation.OffererRole(answered, out var role));
        Assert.Equal(expected, role);
    }

    [Fact]
    public void OffererRole_ActPassAnswer_IsIncompatible()
    {
        Assert.Equal(RtcDescriptionErrorCode.IncompatibleSetup, SessionNegotiation.OffererRole(SdpSetupRole.ActPass, out _)?.Code);
    }

    [Fact]
    public void RtcIceServer_StunUrl_GivesHostAndDefaultPort()
    {
        Assert.Equal("127.0.0.1:3478", new RtcIceServer("stun:127.0.0.1").HostAndPort);
        Assert.Equal("127.0.0.1:5349", new RtcIceServer("turn:127.0.0.1:5349?transport=udp", "u", "secret").HostAndPort);
        Assert.DoesNotContain("secret", new RtcIceServer("turn:x", "u", "secret").ToString());
    }
}
