using System.Text.RegularExpressions;

namespace Fledger.Cli.Hosting;

/// <summary>
/// A STUN/TURN server URL as in RFC 7064/7065: <c>stun:host[:port]</c>, <c>turn:host[:port][?transport=udp|tcp]</c>; the
/// CLI also accepts TURN credentials as <c>turn:user:password@host:port</c> and splits them off.
/// </summary>
/// <remarks>https://www.rfc-editor.org/rfc/rfc7064#section-3.1, https://www.rfc-editor.org/rfc/rfc7065#section-3.1</remarks>
/// <param name="Url">The URL without credentials.</param>
/// <param name="Username">TURN user name, if given.</param>
/// <param name="Credential">TURN password, if given (never logged).</param>
internal sealed partial record IceServerUrl(string Url, string? Username, string? Credential)
{
    /// <summary>Parses <paramref name="text"/> if its scheme is one of <paramref name="schemes"/>; <paramref name="error"/> says why not.</summary>
    public static bool TryParse(string text, string[] schemes, out IceServerUrl? url, out string error)
    {
        url = null;
        var match = Pattern().Match(text);
        if (!match.Success || text.Length > 512)
        {
            error = $"'{text}' is not a valid {schemes[0].ToUpperInvariant()} URL (expected {schemes[0]}:host[:port])";
            return false;
        }

        var scheme = match.Groups["scheme"].Value.ToLowerInvariant();
        if (!schemes.Contains(scheme))
        {
            error = $"'{text}' must start with {string.Join(" or ", schemes.Select(s => s + ":"))}";
            return false;
        }

        if (match.Groups["port"].Success && (!int.TryParse(match.Groups["port"].Value, out var port) || port is < 1 or > 65535))
        {
            error = $"'{text}' has an invalid port";
            return false;
        }

        var user = match.Groups["user"].Success ? match.Groups["user"].Value : null;
        var password = match.Groups["password"].Success ? match.Groups["password"].Value : null;
        var bare = $"{scheme}:{match.Groups["host"].Value}{(match.Groups["port"].Success ? ":" + match.Groups["port"].Value : string.Empty)}{match.Groups["query"].Value}";
        url = new IceServerUrl(bare, user, password);
        error = string.Empty;
        return true;
    }

    /// <summary>Shows the URL and user, never the password.</summary>
    public override string ToString() => Username is null ? Url : $"{Url} (user {Username})";

    [GeneratedRegex(@"^(?<scheme>[a-zA-Z]+):(?:(?<user>[^:@/\s]+):(?<password>[^@/\s]+)@)?(?<host>\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::(?<port>\d{1,5}))?(?<query>\?transport=(?:udp|tcp))?$")]
    private static partial Regex Pattern();
}
