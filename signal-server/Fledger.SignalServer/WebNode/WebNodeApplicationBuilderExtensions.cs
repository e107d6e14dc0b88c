using Fledger.SignalServer;
using Fledger.SignalServer.WebNode;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Serves the published web node next to the signaling hub.</summary>
public static class WebNodeApplicationBuilderExtensions
{
    private const string EncodingItem = "fledger.webnode.encoding";

    /// <summary>
    /// When <see cref="SignalServerOptions.WebNodePath"/> (or a <c>wwwroot</c> next to the binary) holds a published
    /// web node, serves it at <c>/</c>: static files with Blazor content types, the precompressed <c>.br</c> / <c>.gz</c>
    /// variant when the browser accepts it, and <c>index.html</c> for other paths that are not files. Returns the
    /// folder served, or null. Call after the hub and health endpoints are mapped.
    /// </summary>
    public static string? MapFledgerWebNode(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = WebNodeFiles.Resolve(app.Services.GetRequiredService<IOptions<SignalServerOptions>>().Value.WebNodePath, AppContext.BaseDirectory);
        if (root is null)
        {
            return null;
        }

        var files = new PhysicalFileProvider(root);
        var options = new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = WebNodeContentTypes.Instance,
            OnPrepareResponse = context => PrepareResponse(context),
        };
        app.Use((context, next) =>
        {
            SelectCompressed(context, files);
            return next(context);
        });
        app.UseStaticFiles(options);
        app.MapFallbackToFile("index.html", options);
        return root;
    }

    private static void SelectCompressed(HttpContext context, PhysicalFileProvider files)
    {
        var path = context.Request.Path.Value;
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method)
            || string.IsNullOrEmpty(path) || WebNodeContentTypes.IsCompressed(path)
            || !files.GetFileInfo(path).Exists)
        {
            return;
        }

        var accepted = context.Request.Headers.AcceptEncoding.ToString();
        foreach (var (encoding, extension) in (ReadOnlySpan<(string, string)>)[("br", ".br"), ("gzip", ".gz")])
        {
            if (accepted.Contains(encoding, StringComparison.OrdinalIgnoreCase) && files.GetFileInfo(path + extension).Exists)
            {
                context.Items[EncodingItem] = (encoding, path);
                context.Request.Path = path + extension;
                return;
            }
        }
    }

    private static void PrepareResponse(StaticFileResponseContext context)
    {
        var headers = context.Context.Response.Headers;
        if (context.Context.Items[EncodingItem] is (string encoding, string original))
        {
            headers.ContentEncoding = encoding;
            headers.Vary = HeaderNames.AcceptEncoding;
            context.Context.Response.ContentType = WebNodeContentTypes.Instance.TryGetContentType(original, out var type) ? type : "application/octet-stream";
        }
        else if (WebNodeContentTypes.IsCompressed(context.File.Name))
        {
            // Asked for the compressed file itself: bytes, not the type of what it contains.
            context.Context.Response.ContentType = "application/octet-stream";
        }

        if (context.File.Name.Equals("index.html", StringComparison.OrdinalIgnoreCase))
        {
            headers.CacheControl = "no-cache";
        }
    }
}
