using System.Text.RegularExpressions;

namespace Fledger.Cli.Hosting;

/// <summary>Validates STUN/TURN server URLs as in RFC 7064/7065: <c>stun:host[:port]</c>, <c>turn:[user:password@]host[:port][?transport=udp|tcp]</c>.</summary>
/// <remarks>https://www.rfc-editor.org/rfc/rfc7064#section-3.1, https://www.rfc-editor.org/rfc/rfc7065#section-3.1</remarks>
internal static partial class IceServerUrl
{
    /// <summary>Whether <paramref name="text"/> is a valid URL of one of <paramref name="schemes"/>; <paramref name="error"/> says why not.</summary>
    public static bool TryValidate(string text, string[] schemes, out string error)
    {
        var match = Pattern().Match(text);
        if (!match.Success || text.Length > 512)
        {
            error = $"'{text}' is not a valid {schemes[0].ToUpperInvariant()} URL (expected {schemes[0]}:host[:port])";
            return false;
        }

        if (!schemes.Contains(match.Groups["scheme"].Value, StringComparer.OrdinalIgnoreCase))
        {
            error = $"'{text}' must start with {string.Join(" or ", schemes.Select(s => s + ":"))}";
            return false;
        }

        if (match.Groups["port"].Success && (!int.TryParse(match.Groups["port"].Value, out var port) || port is < 1 or > 65535))
        {
            error = $"'{text}' has an invalid port";
            return false;
        }

        error = string.Empty;
        return true;
    }

    [GeneratedRegex(@"^(?<scheme>[a-zA-Z]+):(?:[^@/\s]+@)?(?<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(?<port>\d{1,5}))?(?:\?transport=(?:udp|tcp))?$")]
    private static partial Regex Pattern();
}
