using Fledger.SignalServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>
/// A real signal server on 127.0.0.1 that also serves the web node at <c>/</c>, a separate host serving the web node
/// (build output, or the published app named by <see cref="WebNodeFixture.PublishDirVariable"/>) and Chromium with
/// default flags: web nodes in tabs join the signal server through <c>?signal=</c> or from its own origin.
/// </summary>
public class MeshFixture : IAsyncLifetime
{
    private WebApplication? _signal;
    private StaticSiteHost? _site;
    private ChromiumSession? _chromium;

    /// <summary>Launch options of this fixture's Chromium (default flags: mDNS host candidates).</summary>
    protected virtual ChromiumOptions Options => ChromiumOptions.MdnsOn;

    /// <summary>The launched Chromium.</summary>
    public ChromiumSession Chromium => _chromium ?? throw new InvalidOperationException("Fixture not started.");

    /// <summary>The signal server's hub URL.</summary>
    public Uri SignalUri { get; private set; } = new("http://127.0.0.1/signal");

    /// <summary>The web node served by the signal server itself (same origin, no <c>?signal=</c>).</summary>
    public string SignalServerRoot { get; private set; } = "http://127.0.0.1/";

    /// <summary>The web node's URL on its own host, pointed at the signal server with <c>?signal=</c>.</summary>
    public string NodeUrl => (_site ?? throw new InvalidOperationException("Fixture not started.")).Url($"?signal={Uri.EscapeDataString(SignalUri.ToString())}");

    /// <summary>Opens the web node (at <paramref name="url"/>, default <see cref="NodeUrl"/>) in a fresh browser context (a separate profile).</summary>
    public async Task<WebNodePage> OpenNodeAsync(string? url = null)
    {
        var page = await Chromium.NewPageAsync();
        return await WebNodePage.OpenAsync(page, url ?? NodeUrl, Chromium);
    }

    /// <summary>Opens the web node in another tab of <paramref name="context"/> (the same profile).</summary>
    public async Task<WebNodePage> OpenNodeAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return await WebNodePage.OpenAsync(page, NodeUrl, Chromium);
    }

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var published = Environment.GetEnvironmentVariable(WebNodeFixture.PublishDirVariable);
        List<string> args =
        [
            "--urls=http://127.0.0.1:0",
            "--Serilog:MinimumLevel:Default=Warning",
            "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Error",
        ];
        if (!string.IsNullOrEmpty(published))
        {
            // A published web node is served by the signal server's own SignalServer:WebNodePath, as deployed.
            args.Add($"--SignalServer:WebNodePath={published}");
        }

        _signal = SignalServerApp.Create(
            [.. args],
            builder =>
            {
                if (string.IsNullOrEmpty(published))
                {
                    builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, TestPaths.WebNodeManifest);
                    builder.WebHost.UseStaticWebAssets();
                }
            });

        if (string.IsNullOrEmpty(published))
        {
            // The build output is not a published folder: serve it from its static web assets manifest, at / as well.
            var files = _signal.Environment.WebRootFileProvider;
            _signal.UseStaticFiles(new StaticFileOptions { FileProvider = files, ServeUnknownFileTypes = true, DefaultContentType = "application/octet-stream" });
            _signal.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = files });
        }

        await _signal.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = _signal.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        SignalUri = new Uri(new Uri(address), "/signal");
        SignalServerRoot = new Uri(new Uri(address), "/").ToString();
        _site = string.IsNullOrEmpty(published)
            ? await StaticSiteHost.StartFromStaticWebAssetsAsync(TestPaths.WebNodeManifest)
            : await StaticSiteHost.StartAsync(published);
        _chromium = await ChromiumSession.LaunchAsync(Options);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_chromium is not null)
        {
            await _chromium.DisposeAsync();
        }

        if (_site is not null)
        {
            await _site.DisposeAsync();
        }

        if (_signal is not null)
        {
            await _signal.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
            await _signal.DisposeAsync();
        }
    }
}
