using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>
/// A Kestrel host on 127.0.0.1 with a free port serving static files: a directory, or a Blazor
/// app's build output through its static web assets manifest (no publish needed).
/// </summary>
public sealed class StaticSiteHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticSiteHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the site is served, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    /// <summary>Serves the files of <paramref name="directory"/>.</summary>
    public static Task<StaticSiteHost> StartAsync(string directory) => StartCoreAsync(directory, null);

    /// <summary>Serves a Blazor app's build output from its <c>*.staticwebassets.runtime.json</c>.</summary>
    public static Task<StaticSiteHost> StartFromStaticWebAssetsAsync(string manifestPath)
    {
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException("Build the web node first (dotnet build).", manifestPath);
        }
        return StartCoreAsync(Path.GetDirectoryName(manifestPath)!, manifestPath);
    }

    /// <summary>The absolute URL of a path on the site.</summary>
    public string Url(string path) => new Uri(BaseAddress, path).ToString();

    /// <summary>Stops the host.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task<StaticSiteHost> StartCoreAsync(string root, string? manifestPath)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = root,
            WebRootPath = manifestPath is null ? root : Path.Combine(root, "wwwroot"),
            EnvironmentName = "Development",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        if (manifestPath is not null)
        {
            builder.WebHost.UseSetting(WebHostDefaults.StaticWebAssetsKey, manifestPath);
            builder.WebHost.UseStaticWebAssets();
        }
        var app = builder.Build();
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = app.Environment.WebRootFileProvider,
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            ServeUnknownFileTypes = true,
            DefaultContentType = "application/octet-stream",
        });
        app.MapFallbackToFile("index.html", new StaticFileOptions { FileProvider = app.Environment.WebRootFileProvider });
        await app.StartAsync();
        var address = app.Urls.Single();
        return new StaticSiteHost(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }
}
