using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.StaticFiles;

namespace Fledger.SignalServer.WebNode;

/// <summary>
/// Content types of a published Blazor WebAssembly app (<c>.wasm</c>, <c>.dat</c>, <c>.dll</c>, <c>.pdb</c>,
/// <c>.blat</c>, <c>.webcil</c>, <c>.mjs</c>); a precompressed <c>x.br</c> / <c>x.gz</c> has the type of <c>x</c>.
/// Unknown extensions have no type and are not served.
/// </summary>
public sealed class WebNodeContentTypes : IContentTypeProvider
{
    private readonly FileExtensionContentTypeProvider _inner = new();

    private WebNodeContentTypes()
    {
        _inner.Mappings[".wasm"] = "application/wasm";
        _inner.Mappings[".dat"] = "application/octet-stream";
        _inner.Mappings[".dll"] = "application/octet-stream";
        _inner.Mappings[".pdb"] = "application/octet-stream";
        _inner.Mappings[".blat"] = "application/octet-stream";
        _inner.Mappings[".webcil"] = "application/octet-stream";
        _inner.Mappings[".json"] = "application/json";
        _inner.Mappings[".mjs"] = "text/javascript";
        _inner.Mappings[".js"] = "text/javascript";
    }

    /// <summary>The shared instance.</summary>
    public static WebNodeContentTypes Instance { get; } = new();

    /// <summary>Whether <paramref name="path"/> names a precompressed variant (<c>.br</c> or <c>.gz</c>).</summary>
    public static bool IsCompressed(string path)
        => path.EndsWith(".br", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public bool TryGetContentType(string subpath, [MaybeNullWhen(false)] out string contentType)
        => _inner.TryGetContentType(IsCompressed(subpath) ? subpath[..^3] : subpath, out contentType);
}
