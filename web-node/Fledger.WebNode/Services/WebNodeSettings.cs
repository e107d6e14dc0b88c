using System.Web;
using Fledger.Net.Browser;
using Microsoft.Extensions.Configuration;

namespace Fledger.WebNode.Services;

/// <summary>
/// Where the web node connects and with which ICE servers, resolved from the page's query string first
/// (<c>?signal=</c>, <c>?ice=</c>, <c>?profile=</c>), then <c>wwwroot/appsettings.json</c> (<c>Fledger:SignalUrl</c>,
/// <c>Fledger:IceServers</c>, <c>Fledger:Profile</c>), then defaults: the same origin's <c>/signal</c>, no ICE servers,
/// profile <c>fledger</c>.
/// </summary>
public sealed record WebNodeSettings(Uri SignalUri, PeerConnectionConfig PeerConnection, string Profile)
{
    /// <summary>The default localStorage profile (key prefix).</summary>
    public const string DefaultProfile = "fledger";

    private const int MaxIceServers = 8;

    /// <summary>Resolves the settings of the page at <paramref name="pageUri"/> whose app base is <paramref name="baseUri"/>.</summary>
    /// <exception cref="FormatException">A URL or profile name is not valid.</exception>
    public static WebNodeSettings Resolve(Uri pageUri, Uri baseUri, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(pageUri);
        ArgumentNullException.ThrowIfNull(baseUri);
        ArgumentNullException.ThrowIfNull(configuration);
        var query = HttpUtility.ParseQueryString(pageUri.Query);
        var signal = NonEmpty(query["signal"]) ?? NonEmpty(configuration["Fledger:SignalUrl"]) ?? "signal";
        var signalUri = ParseSignalUri(signal, baseUri);
        var ice = NonEmpty(query["ice"]) is { } fromQuery
            ? fromQuery.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : configuration.GetSection("Fledger:IceServers").GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        if (ice.Length > MaxIceServers || ice.Any(url => !IsIceUrl(url)))
        {
            throw new FormatException($"ICE servers are at most {MaxIceServers} stun:/turn: URLs.");
        }

        var profile = NonEmpty(query["profile"]) ?? NonEmpty(configuration["Fledger:Profile"]) ?? DefaultProfile;
        if (profile.Length > 16 || !profile.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new FormatException("A profile is 1 to 16 ASCII letters, digits, '-' or '_'.");
        }

        var config = ice.Length == 0 ? PeerConnectionConfig.Default : new PeerConnectionConfig([new IceServer(ice)]);
        return new WebNodeSettings(signalUri, config, profile);
    }

    private static Uri ParseSignalUri(string text, Uri baseUri)
    {
        if (!Uri.TryCreate(baseUri, text, out var uri) || uri.Scheme is not ("http" or "https" or "ws" or "wss"))
        {
            throw new FormatException($"The signal server URL '{text}' is not an http(s) or ws(s) URL.");
        }

        return uri;
    }

    private static bool IsIceUrl(string url)
        => url.Length <= 256 && (url.StartsWith("stun:", StringComparison.Ordinal) || url.StartsWith("turn:", StringComparison.Ordinal)
            || url.StartsWith("turns:", StringComparison.Ordinal));

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
