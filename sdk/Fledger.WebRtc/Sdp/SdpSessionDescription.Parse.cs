using System.Globalization;
using Fledger.WebRtc.Dtls;

namespace Fledger.WebRtc.Sdp;

public sealed partial record SdpSessionDescription
{
    /// <summary>
    /// Parses SDP text. Lenient on unknown lines and attributes (ignored), strict on what a data channel needs.
    /// Accepts CRLF or LF line ends. Never throws.
    /// </summary>
    /// <param name="text">The SDP.</param>
    /// <param name="description">The parsed description when the result is null.</param>
    /// <returns>Null on success, else the first error.</returns>
    public static SdpError? TryParse(string? text, out SdpSessionDescription? description)
    {
        description = null;
        if (string.IsNullOrEmpty(text))
        {
            return new SdpError(SdpErrorCode.MissingVersion, 0, "empty");
        }

        if (text.Length > SdpLimits.MaxLength)
        {
            return new SdpError(SdpErrorCode.TooLarge, 0, $"{text.Length} characters");
        }

        var state = new ParseState();
        var lineNumber = 0;
        foreach (var rawLine in text.AsSpan().EnumerateLines())
        {
            lineNumber++;
            var line = rawLine.TrimEnd('\r');
            if (lineNumber > SdpLimits.MaxLines || line.Length > SdpLimits.MaxLineLength)
            {
                return new SdpError(SdpErrorCode.TooManyLines, lineNumber, "line or line count over limit");
            }

            if (line.IsEmpty)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || !char.IsAsciiLetterLower(line[0]) || line.ContainsAnyInRange('\0', '\u001f'))
            {
                return new SdpError(SdpErrorCode.MalformedLine, lineNumber, "not <type>=<value>");
            }

            var error = state.Apply(line[0], line[2..], lineNumber);
            if (error is not null)
            {
                return error;
            }
        }

        return state.Build(out description);
    }

    private sealed class ParseState
    {
        private readonly List<SdpOtherMedia> _other = [];
        private readonly Attributes _session = new();
        private Attributes? _application;
        private OpenMedia? _current;
        private bool _sawVersion;
        private bool _sawOrigin;
        private ulong _sessionId;
        private ulong _sessionVersion;
        private string _originUser = "-";
        private IReadOnlyList<string> _bundle = [];
        private bool _iceLite;
        private int _mediaCount;
        private int _applicationIndex;

        public SdpError? Apply(char type, ReadOnlySpan<char> value, int line)
        {
            if (!_sawVersion)
            {
                if (type != 'v' || !value.SequenceEqual("0"))
                {
                    return new SdpError(SdpErrorCode.MissingVersion, line, "first line must be v=0");
                }

                _sawVersion = true;
                return null;
            }

            switch (type)
            {
                case 'o' when _mediaCount == 0:
                    return ParseOrigin(value, line);
                case 'm':
                    return StartMedia(value, line);
                case 'c' when _current is { IsApplication: true }:
                    _application!.Connection = value.ToString();
                    return null;
                case 'a':
                    return ParseAttribute(value, line);
                default:
                    return null;
            }
        }

        public SdpError? Build(out SdpSessionDescription? description)
        {
            description = null;
            FinishMedia();
            if (!_sawOrigin)
            {
                return new SdpError(SdpErrorCode.MalformedOrigin, 0, "no o= line");
            }

            if (_application is null)
            {
                return new SdpError(SdpErrorCode.NoApplicationMedia, 0, "no data-channel m=application section");
            }

            var a = _application;
            var s = _session;
            var ufrag = a.IceUfrag ?? s.IceUfrag;
            var pwd = a.IcePwd ?? s.IcePwd;
            if (ufrag is null)
            {
                return new SdpError(SdpErrorCode.MissingIceUfrag, 0, "no a=ice-ufrag");
            }

            if (!IsIceChars(ufrag, 4))
            {
                return new SdpError(SdpErrorCode.InvalidIceUfrag, 0, "ice-ufrag must be 4-256 ice-chars");
            }

            if (pwd is null)
            {
                return new SdpError(SdpErrorCode.MissingIcePwd, 0, "no a=ice-pwd");
            }

            if (!IsIceChars(pwd, 22))
            {
                return new SdpError(SdpErrorCode.InvalidIcePwd, 0, "ice-pwd must be 22-256 ice-chars");
            }

            var fingerprints = a.Fingerprints.Count > 0 ? a.Fingerprints : s.Fingerprints;
            if (fingerprints.Count == 0)
            {
                return new SdpError(SdpErrorCode.MissingFingerprint, 0, "no a=fingerprint with sha-1/256/384/512");
            }

            description = new SdpSessionDescription
            {
                SessionId = _sessionId,
                SessionVersion = _sessionVersion,
                OriginUser = _originUser,
                BundleMids = _bundle,
                IceLite = _iceLite,
                ApplicationIndex = _applicationIndex,
                OtherMedia = _other,
                Application = new SdpApplicationMedia
                {
                    Port = a.Port,
                    Protocol = a.Protocol,
                    Format = a.Format,
                    Connection = a.Connection ?? "IN IP4 0.0.0.0",
                    Mid = a.Mid,
                    IceUfrag = ufrag,
                    IcePwd = pwd,
                    IceOptions = a.IceOptions ?? s.IceOptions ?? [],
                    Fingerprints = fingerprints,
                    Setup = a.Setup ?? s.Setup,
                    SctpPort = a.SctpPort ?? 5000,
                    MaxMessageSize = a.MaxMessageSize,
                    Candidates = a.Candidates,
                    EndOfCandidates = a.EndOfCandidates || s.EndOfCandidates,
                },
            };
            return null;
        }

        private SdpError? ParseOrigin(ReadOnlySpan<char> value, int line)
        {
            Span<Range> parts = stackalloc Range[7];
            var count = value.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries);
            if (count != 6
                || !ulong.TryParse(value[parts[1]], NumberStyles.None, CultureInfo.InvariantCulture, out _sessionId)
                || !ulong.TryParse(value[parts[2]], NumberStyles.None, CultureInfo.InvariantCulture, out _sessionVersion))
            {
                return new SdpError(SdpErrorCode.MalformedOrigin, line, "o=<user> <id> <version> IN <addrtype> <address>");
            }

            _originUser = value[parts[0]].ToString();
            _sawOrigin = true;
            return null;
        }

        private SdpError? StartMedia(ReadOnlySpan<char> value, int line)
        {
            FinishMedia();
            Span<Range> parts = stackalloc Range[4];
            var count = value.Split(parts, ' ', StringSplitOptions.RemoveEmptyEntries);
            if (count < 4)
            {
                return new SdpError(SdpErrorCode.MalformedMediaLine, line, "m=<media> <port> <proto> <fmt>");
            }

            var portText = value[parts[1]];
            var slash = portText.IndexOf('/');
            if (slash >= 0)
            {
                portText = portText[..slash];
            }

            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
            {
                return new SdpError(SdpErrorCode.MalformedMediaLine, line, "bad port");
            }

            var media = value[parts[0]].ToString();
            var protocol = value[parts[2]].ToString();
            var formats = value[parts[3]].Trim().ToString();
            var isData = media == "application" && port != 0
                && protocol is "UDP/DTLS/SCTP" or "TCP/DTLS/SCTP" or "DTLS/SCTP"
                && _application is null;
            _current = new OpenMedia(isData, media, port, protocol, formats);
            if (isData)
            {
                _application = new Attributes { Port = port, Protocol = protocol, Format = formats };
                _applicationIndex = _mediaCount;
                if (protocol == "DTLS/SCTP" && int.TryParse(formats, NumberStyles.None, CultureInfo.InvariantCulture, out var legacyPort))
                {
                    _application.SctpPort = legacyPort;
                }
            }

            _mediaCount++;
            return null;
        }

        private void FinishMedia()
        {
            if (_current is { IsApplication: false } other)
            {
                _other.Add(new SdpOtherMedia(other.Media, other.Port, other.Protocol, other.Formats, other.Mid));
            }

            _current = null;
        }

        private SdpError? ParseAttribute(ReadOnlySpan<char> value, int line)
        {
            var colon = value.IndexOf(':');
            var name = colon < 0 ? value : value[..colon];
            var arg = colon < 0 ? [] : value[(colon + 1)..];
            if (_current is { IsApplication: false } other)
            {
                if (name.SequenceEqual("mid"))
                {
                    other.Mid = arg.ToString();
                }

                return null;
            }

            var target = _current is null ? _session : _application!;
            switch (name)
            {
                case "group" when _current is null && arg.StartsWith("BUNDLE"):
                    _bundle = arg["BUNDLE".Length..].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return null;
                case "ice-lite" when _current is null:
                    _iceLite = true;
                    return null;
                case "mid":
                    target.Mid = arg.ToString();
                    return null;
                case "ice-ufrag":
                    target.IceUfrag = arg.ToString();
                    return null;
                case "ice-pwd":
                    target.IcePwd = arg.ToString();
                    return null;
                case "ice-options":
                    target.IceOptions = arg.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return null;
                case "end-of-candidates":
                    target.EndOfCandidates = true;
                    return null;
                case "fingerprint":
                    return ParseFingerprint(target, arg, line);
                case "setup":
                    return ParseSetup(target, arg, line);
                case "sctp-port":
                    if (!int.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out var sctpPort) || sctpPort is < 1 or > 65535)
                    {
                        return new SdpError(SdpErrorCode.InvalidSctpPort, line, "sctp-port must be 1-65535");
                    }

                    target.SctpPort = sctpPort;
                    return null;
                case "max-message-size":
                    if (!long.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out var maxSize))
                    {
                        return new SdpError(SdpErrorCode.InvalidMaxMessageSize, line, "max-message-size must be a non-negative integer");
                    }

                    target.MaxMessageSize = maxSize;
                    return null;
                case "candidate" when _current is not null:
                    if (target.Candidates.Count >= SdpLimits.MaxCandidates || value.Length > SdpLimits.MaxCandidateLength || arg.IsWhiteSpace())
                    {
                        return new SdpError(SdpErrorCode.InvalidCandidate, line, "too many, too long or empty candidate");
                    }

                    target.Candidates.Add(value.ToString());
                    return null;
                default:
                    return null;
            }
        }

        private static SdpError? ParseFingerprint(Attributes target, ReadOnlySpan<char> arg, int line)
        {
            var error = DtlsFingerprint.TryParse(arg, out var fingerprint);
            switch (error)
            {
                case DtlsFingerprintError.None:
                    target.Fingerprints.Add(fingerprint!);
                    return null;
                case DtlsFingerprintError.UnsupportedHashFunction:
                    return null; // RFC 8122 §5: other hash functions may be offered alongside; ignore them.
                default:
                    return new SdpError(SdpErrorCode.InvalidFingerprint, line, error.ToString());
            }
        }

        private static SdpError? ParseSetup(Attributes target, ReadOnlySpan<char> arg, int line)
        {
            SdpSetupRole? setup = arg switch
            {
                "actpass" => SdpSetupRole.ActPass,
                "active" => SdpSetupRole.Active,
                "passive" => SdpSetupRole.Passive,
                "holdconn" => SdpSetupRole.HoldConn,
                _ => null,
            };
            if (setup is null)
            {
                return new SdpError(SdpErrorCode.InvalidSetup, line, "setup must be actpass, active, passive or holdconn");
            }

            target.Setup = setup;
            return null;
        }

        private static bool IsIceChars(string value, int minLength) =>
            value.Length >= minLength && value.Length <= 256 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/');
    }

    private sealed class OpenMedia(bool isApplication, string media, int port, string protocol, string formats)
    {
        public bool IsApplication { get; } = isApplication;

        public string Media { get; } = media;

        public int Port { get; } = port;

        public string Protocol { get; } = protocol;

        public string Formats { get; } = formats;

        public string? Mid { get; set; }
    }

    private sealed class Attributes
    {
        public int Port { get; init; }

        public string Protocol { get; init; } = "UDP/DTLS/SCTP";

        public string Format { get; init; } = "webrtc-datachannel";

        public string? Connection { get; set; }

        public string? Mid { get; set; }

        public string? IceUfrag { get; set; }

        public string? IcePwd { get; set; }

        public string[]? IceOptions { get; set; }

        public List<DtlsFingerprint> Fingerprints { get; } = [];

        public SdpSetupRole? Setup { get; set; }

        public int? SctpPort { get; set; }

        public long? MaxMessageSize { get; set; }

        public List<string> Candidates { get; } = [];

        public bool EndOfCandidates { get; set; }
    }
}
