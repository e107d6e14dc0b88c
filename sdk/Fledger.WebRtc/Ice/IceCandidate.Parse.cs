using System.Globalization;
using System.Net;

namespace Fledger.WebRtc.Ice;

public sealed partial record IceCandidate
{
    private const int MaxExtensions = 16;

    /// <summary>
    /// Parses <c>candidate:…</c> or <c>a=candidate:…</c>. Never throws on bad input.
    /// </summary>
    /// <remarks><see href="https://www.rfc-editor.org/rfc/rfc8839#section-5.1">RFC 8839 §5.1</see>.</remarks>
    public static IceCandidateParseError TryParse(string? line, out IceCandidate? candidate)
    {
        candidate = null;
        if (string.IsNullOrEmpty(line) || line.Length > MaxLineLength)
        {
            return IceCandidateParseError.BadPrefix;
        }

        var text = line.AsSpan().Trim();
        if (text.StartsWith("a=", StringComparison.Ordinal))
        {
            text = text[2..];
        }

        if (!text.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            return IceCandidateParseError.BadPrefix;
        }

        var fields = text["candidate:".Length..].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 8)
        {
            return IceCandidateParseError.TooFewFields;
        }

        var foundation = fields[0];
        if (foundation.Length is 0 or > 32 || !IsIceChars(foundation))
        {
            return IceCandidateParseError.BadFoundation;
        }

        if (!int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var component) ||
            component is < 1 or > 256)
        {
            return IceCandidateParseError.BadComponent;
        }

        var protocol = fields[2].ToLowerInvariant();
        if (protocol.Length > 16 || !IsToken(protocol))
        {
            return IceCandidateParseError.BadTransport;
        }

        if (!uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var priority) ||
            priority is 0 or > int.MaxValue)
        {
            return IceCandidateParseError.BadPriority;
        }

        var address = fields[4];
        if (!IsAddress(address))
        {
            return IceCandidateParseError.BadAddress;
        }

        if (!TryParsePort(fields[5], out var port))
        {
            return IceCandidateParseError.BadPort;
        }

        if (!string.Equals(fields[6], "typ", StringComparison.OrdinalIgnoreCase))
        {
            return IceCandidateParseError.MissingType;
        }

        IceCandidateType type;
        switch (fields[7].ToLowerInvariant())
        {
            case "host": type = IceCandidateType.Host; break;
            case "srflx": type = IceCandidateType.ServerReflexive; break;
            case "prflx": type = IceCandidateType.PeerReflexive; break;
            case "relay": type = IceCandidateType.Relay; break;
            default: return IceCandidateParseError.BadType;
        }

        string? relatedAddress = null, ufrag = null;
        int? relatedPort = null, generation = null;
        List<KeyValuePair<string, string>>? extensions = null;
        var index = 8;
        if (index < fields.Length && string.Equals(fields[index], "raddr", StringComparison.OrdinalIgnoreCase))
        {
            if (index + 3 >= fields.Length || !IsAddress(fields[index + 1]) ||
                !string.Equals(fields[index + 2], "rport", StringComparison.OrdinalIgnoreCase) ||
                !TryParsePort(fields[index + 3], out var rport))
            {
                return IceCandidateParseError.BadRelatedAddress;
            }

            relatedAddress = fields[index + 1];
            relatedPort = rport;
            index += 4;
        }

        for (; index < fields.Length; index += 2)
        {
            if (index + 1 >= fields.Length)
            {
                return IceCandidateParseError.BadExtension;
            }

            var key = fields[index];
            var value = fields[index + 1];
            if (!IsToken(key) || key.Length > 64 || value.Length > 256)
            {
                return IceCandidateParseError.BadExtension;
            }

            switch (key)
            {
                case "generation":
                    if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var g))
                    {
                        return IceCandidateParseError.BadExtension;
                    }

                    generation ??= g;
                    break;
                case "ufrag":
                    if (!IsIceChars(value))
                    {
                        return IceCandidateParseError.BadExtension;
                    }

                    ufrag ??= value;
                    break;
                case "raddr" or "rport":
                    return IceCandidateParseError.BadRelatedAddress;
                default:
                    extensions ??= [];
                    if (extensions.Count >= MaxExtensions)
                    {
                        return IceCandidateParseError.BadExtension;
                    }

                    extensions.Add(new(key, value));
                    break;
            }
        }

        candidate = new IceCandidate
        {
            Foundation = foundation,
            Component = component,
            Protocol = protocol,
            Priority = priority,
            Address = address,
            Port = port,
            Type = type,
            RelatedAddress = relatedAddress,
            RelatedPort = relatedPort,
            Generation = generation,
            Ufrag = ufrag,
            Extensions = extensions is null ? [] : extensions.ToArray(),
        };
        return IceCandidateParseError.None;
    }

    private static bool TryParsePort(string text, out int port) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) && port is >= 0 and <= 65535;

    /// <summary>ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.1).</summary>
    internal static bool IsIceChars(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '/')
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static bool IsToken(string text)
    {
        foreach (var c in text)
        {
            if (c <= ' ' || c >= 0x7F)
            {
                return false;
            }
        }

        return text.Length > 0;
    }

    private static bool IsAddress(string text)
    {
        if (text.Length is 0 or > 253)
        {
            return false;
        }

        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text, out _);
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '.' and not '_')
            {
                return false;
            }
        }

        return true;
    }
}
