using Fledger.WebRtc.Dtls;
using Fledger.WebRtc.Sdp;

namespace Fledger.WebRtc.Tests.Sdp;

public sealed class SdpSessionDescriptionTests
{
    [Fact]
    public void TryParse_ChromiumOffer_ReadsEveryDataChannelAttribute()
    {
        var error = SdpSessionDescription.TryParse(ChromiumSdp.Offer, out var offer);

        Assert.Null(error);
        Assert.NotNull(offer);
        Assert.Equal(4215475217183939208UL, offer.SessionId);
        Assert.Equal(["0"], offer.BundleMids);
        var app = offer.Application;
        Assert.Equal("0", app.Mid);
        Assert.Equal("Xy7q", app.IceUfrag);
        Assert.Equal("bq9W5mTq2oZ2rF6pQ3w8fNcL", app.IcePwd);
        Assert.Equal(["trickle"], app.IceOptions);
        Assert.Equal(SdpSetupRole.ActPass, app.Setup);
        Assert.Equal(5000, app.SctpPort);
        Assert.Equal(262144, app.EffectiveMaxMessageSize);
        Assert.Equal(DtlsHashAlgorithm.Sha256, app.PreferredFingerprint.Algorithm);
        Assert.Equal(ChromiumSdp.Fingerprint, app.PreferredFingerprint.ToString());
        Assert.Equal(2, app.Candidates.Count);
        Assert.StartsWith("candidate:3567226750 1 udp", app.Candidates[0]);
        Assert.False(app.EndOfCandidates);
    }

    [Fact]
    public void TryParse_ChromiumAnswer_IsActive()
    {
        Assert.Null(SdpSessionDescription.TryParse(ChromiumSdp.Answer, out var answer));
        Assert.Equal(SdpSetupRole.Active, answer!.Application.Setup);
        Assert.Empty(answer.Application.Candidates);
    }

    [Fact]
    public void ToString_ParsedOffer_RoundTripsWithTheSameContent()
    {
        SdpSessionDescription.TryParse(ChromiumSdp.Offer, out var offer);

        var written = offer!.ToString();
        var error = SdpSessionDescription.TryParse(written, out var reparsed);

        Assert.Null(error);
        Assert.Equal(written, reparsed!.ToString());
        Assert.Contains("a=setup:actpass\r\n", written);
        Assert.Contains("m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n", written);
        Assert.Contains("a=max-message-size:262144\r\n", written);
        Assert.StartsWith("v=0\r\no=- 4215475217183939208 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE 0\r\n", written);
    }

    [Fact]
    public void ToString_BuiltDescription_ParsesBack()
    {
        var built = new SdpSessionDescription
        {
            SessionId = 42,
            SessionVersion = 1,
            BundleMids = ["0"],
            Application = new SdpApplicationMedia
            {
                Mid = "0",
                IceUfrag = "abcd",
                IcePwd = "abcdefghijklmnopqrstuvwx",
                IceOptions = ["trickle"],
                Fingerprints = [DtlsCertificate.Shared.Fingerprint],
                Setup = SdpSetupRole.Active,
                MaxMessageSize = 262144,
                Candidates = ["candidate:1 1 udp 2130706431 127.0.0.1 50000 typ host"],
                EndOfCandidates = true,
            },
        };

        Assert.Null(SdpSessionDescription.TryParse(built.ToString(), out var parsed));
        Assert.Equal(built.ToString(), parsed!.ToString());
        Assert.True(parsed.Application.EndOfCandidates);
        Assert.Equal(DtlsCertificate.Shared.Fingerprint, parsed.Application.PreferredFingerprint);
    }

    [Fact]
    public void TryParse_LfLineEndsAndSessionLevelAttributes_AreAccepted()
    {
        var text = "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=-\nt=0 0\n" +
            "a=fingerprint:" + ChromiumSdp.Fingerprint + "\na=ice-ufrag:abcd\na=ice-pwd:abcdefghijklmnopqrstuvwx\n" +
            "m=audio 9 UDP/TLS/RTP/SAVPF 111\na=mid:a\n" +
            "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\na=mid:d\na=unknown-thing:xyz\n";

        Assert.Null(SdpSessionDescription.TryParse(text, out var parsed));
        Assert.Equal("abcd", parsed!.Application.IceUfrag);
        Assert.Equal(1, parsed.ApplicationIndex);
        Assert.Equal("a", Assert.Single(parsed.OtherMedia).Mid);
        Assert.Null(parsed.Application.Setup);
        Assert.Equal(65536, parsed.Application.EffectiveMaxMessageSize);
    }

    [Theory]
    [InlineData("a=ice-ufrag:Xy7q\r\n", "", SdpErrorCode.MissingIceUfrag)]
    [InlineData("a=ice-ufrag:Xy7q\r\n", "a=ice-ufrag:ab\r\n", SdpErrorCode.InvalidIceUfrag)]
    [InlineData("a=ice-pwd:bq9W5mTq2oZ2rF6pQ3w8fNcL\r\n", "", SdpErrorCode.MissingIcePwd)]
    [InlineData("a=ice-pwd:bq9W5mTq2oZ2rF6pQ3w8fNcL\r\n", "a=ice-pwd:short\r\n", SdpErrorCode.InvalidIcePwd)]
    [InlineData("a=fingerprint:" + ChromiumSdp.Fingerprint + "\r\n", "", SdpErrorCode.MissingFingerprint)]
    [InlineData("a=fingerprint:" + ChromiumSdp.Fingerprint + "\r\n", "a=fingerprint:sha-256 ZZ\r\n", SdpErrorCode.InvalidFingerprint)]
    [InlineData("a=setup:actpass", "a=setup:sideways", SdpErrorCode.InvalidSetup)]
    [InlineData("a=sctp-port:5000", "a=sctp-port:70000", SdpErrorCode.InvalidSctpPort)]
    [InlineData("a=max-message-size:262144", "a=max-message-size:-1", SdpErrorCode.InvalidMaxMessageSize)]
    [InlineData("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "m=audio 9 UDP/TLS/RTP/SAVPF 111", SdpErrorCode.NoApplicationMedia)]
    [InlineData("m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "m=application x UDP/DTLS/SCTP webrtc-datachannel", SdpErrorCode.MalformedMediaLine)]
    [InlineData("v=0", "v=1", SdpErrorCode.MissingVersion)]
    [InlineData("o=- 4215475217183939208 2 IN IP4 127.0.0.1", "o=- x 2 IN IP4 127.0.0.1", SdpErrorCode.MalformedOrigin)]
    [InlineData("s=-", "s -", SdpErrorCode.MalformedLine)]
    public void TryParse_BrokenOffer_ReturnsTypedError(string original, string replacement, SdpErrorCode expected)
    {
        var text = ChromiumSdp.Offer.Replace(original, replacement, StringComparison.Ordinal);

        var error = SdpSessionDescription.TryParse(text, out var parsed);

        Assert.Equal(expected, error?.Code);
        Assert.Null(parsed);
    }

    [Fact]
    public void TryParse_OverSizeCapOrTooManyCandidates_IsRefused()
    {
        var huge = ChromiumSdp.Offer + new string('x', SdpLimits.MaxLength);
        var candidates = string.Concat(Enumerable.Repeat("a=candidate:1 1 udp 1 10.0.0.1 1 typ host\r\n", SdpLimits.MaxCandidates + 1));

        Assert.Equal(SdpErrorCode.TooLarge, SdpSessionDescription.TryParse(huge, out _)?.Code);
        Assert.Equal(SdpErrorCode.InvalidCandidate, SdpSessionDescription.TryParse(ChromiumSdp.Offer + candidates, out _)?.Code);
        Assert.Equal(SdpErrorCode.MissingVersion, SdpSessionDescription.TryParse(null, out _)?.Code);
    }
}
