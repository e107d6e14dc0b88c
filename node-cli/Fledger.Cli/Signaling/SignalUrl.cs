namespace Fledger.Cli.Signaling;

/// <summary>
/// Parses the <c>--signal</c> URL. Accepts http, https, ws and wss; ws/wss become http/https (the client upgrades to
/// WebSockets itself); a URL without a path gets the hub path <c>/signal</c>.
/// </summary>
internal static class SignalUrl
{
    /// <summary>The hub path of the signal server.</summary>
    public const string HubPath = "/signal";

    /// <summary>Longest URL accepted.</summary>
    public const int MaxLength = 2048;

    /// <summary>Validates and normalizes <paramref name="text"/>; on failure <paramref name="error"/> says why in one line.</summary>
    public static bool TryParse(string? text, out Uri? uri, out string error)
    {
        uri = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the signal URL is empty (expected e.g. http://127.0.0.1:8765/signal)";
            return false;
        }

        text = text.Trim();
        if (text.Length > MaxLength)
        {
            error = $"the signal URL is longer than {MaxLength} characters";
            return false;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.Host))
        {
            error = $"'{text}' is not a valid URL (expected e.g. http://127.0.0.1:8765/signal)";
            return false;
        }

        var scheme = parsed.Scheme switch
        {
            "http" or "ws" => Uri.UriSchemeHttp,
            "https" or "wss" => Uri.UriSchemeHttps,
            _ => null,
        };
        if (scheme is null)
        {
            error = $"'{text}' has the scheme '{parsed.Scheme}'; use http, https, ws or wss";
            return false;
        }

        var builder = new UriBuilder(parsed) { Scheme = scheme, Port = parsed.IsDefaultPort ? -1 : parsed.Port };
        if (builder.Path is "" or "/")
        {
            builder.Path = HubPath;
        }

        uri = builder.Uri;
        return true;
    }
}
