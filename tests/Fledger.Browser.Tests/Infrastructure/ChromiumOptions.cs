namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>How to launch Debian Chromium for a test.</summary>
public sealed record ChromiumOptions
{
    /// <summary>Debian's Chromium; Playwright's own browser download is not used.</summary>
    public const string DefaultExecutablePath = "/usr/bin/chromium";

    /// <summary>Default flags: host candidates hidden behind mDNS names, as in a user's browser.</summary>
    public static ChromiumOptions MdnsOn { get; } = new();

    /// <summary>Raw IP host candidates (<c>--disable-features=WebRtcHideLocalIpsWithMdns</c>).</summary>
    public static ChromiumOptions MdnsOff { get; } = new() { HideLocalIpsWithMdns = false };

    /// <summary>Path of the Chromium binary.</summary>
    public string ExecutablePath { get; init; } = DefaultExecutablePath;

    /// <summary>When false, Chromium sends raw IP host candidates instead of <c>.local</c> names.</summary>
    public bool HideLocalIpsWithMdns { get; init; } = true;

    /// <summary>More command-line flags.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>The full flag list passed to Chromium.</summary>
    public IReadOnlyList<string> BuildArgs()
    {
        // Playwright adds --headless and its own fresh temporary --user-data-dir per launch
        // (it refuses a --user-data-dir argument); the rest are the flags known to work here as root.
        List<string> args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ];
        if (!HideLocalIpsWithMdns)
        {
            args.Add("--disable-features=WebRtcHideLocalIpsWithMdns");
        }
        args.AddRange(ExtraArgs);
        return args;
    }
}
