namespace Fledger.WebRtc.Tests.Sdp;

/// <summary>Descriptions shaped like Chromium 156's data-channel-only offer and answer (facts from webrtc.md).</summary>
internal static class ChromiumSdp
{
    public const string Fingerprint =
        "sha-256 9F:2A:3B:C4:D5:E6:F7:08:19:2A:3B:4C:5D:6E:7F:80:91:A2:B3:C4:D5:E6:F7:08:19:2A:3B:4C:5D:6E:7F:80";

    public const string Offer =
        "v=0\r\n" +
        "o=- 4215475217183939208 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0\r\n" +
        "a=extmap-allow-mixed\r\n" +
        "a=msid-semantic: WMS\r\n" +
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=candidate:3567226750 1 udp 2113937151 0b5c1e8f-3b9c-4f5e-9d55-7b1f0c7a7e21.local 54400 typ host generation 0 network-cost 999\r\n" +
        "a=candidate:842163049 1 udp 1677729535 203.0.113.7 54400 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-cost 999\r\n" +
        "a=ice-ufrag:Xy7q\r\n" +
        "a=ice-pwd:bq9W5mTq2oZ2rF6pQ3w8fNcL\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:" + Fingerprint + "\r\n" +
        "a=setup:actpass\r\n" +
        "a=mid:0\r\n" +
        "a=sctp-port:5000\r\n" +
        "a=max-message-size:262144\r\n";

    public const string Answer =
        "v=0\r\n" +
        "o=- 7017386123470521098 2 IN IP4 127.0.0.1\r\n" +
        "s=-\r\n" +
        "t=0 0\r\n" +
        "a=group:BUNDLE 0\r\n" +
        "a=extmap-allow-mixed\r\n" +
        "a=msid-semantic: WMS\r\n" +
        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\n" +
        "c=IN IP4 0.0.0.0\r\n" +
        "a=ice-ufrag:k3Jm\r\n" +
        "a=ice-pwd:Q2w9e8R7t6Y5u4I3o2P1a0Zx\r\n" +
        "a=ice-options:trickle\r\n" +
        "a=fingerprint:" + Fingerprint + "\r\n" +
        "a=setup:active\r\n" +
        "a=mid:0\r\n" +
        "a=sctp-port:5000\r\n" +
        "a=max-message-size:262144\r\n";
}
