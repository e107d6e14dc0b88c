using System.Net;
using System.Net.Http.Headers;
using Fledger.ScaleOut.Tests.Infrastructure;

namespace Fledger.ScaleOut.Tests;

public sealed class WebNodeTests : IAsyncLifetime
{
    private static readonly byte[] Wasm = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
    private static readonly byte[] WasmBrotli = [0x0b, 0x03, 0x80, 0x00, 0x61, 0x73, 0x6d, 0x03];

    private readonly string _root = Directory.CreateTempSubdirectory("fledger-webnode-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ServerHost? _host;

    private Uri Base => _host!.BaseUri;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_root, "_framework"));
        await File.WriteAllTextAsync(Path.Combine(_root, "index.html"), "<!DOCTYPE html><title>fledger test page</title>");
        await File.WriteAllBytesAsync(Path.Combine(_root, "_framework", "dotnet.native.wasm"), Wasm);
        await File.WriteAllBytesAsync(Path.Combine(_root, "_framework", "dotnet.native.wasm.br"), WasmBrotli);
        await File.WriteAllBytesAsync(Path.Combine(_root, "_framework", "icudt.dat"), [1, 2, 3]);
        await File.WriteAllTextAsync(Path.Combine(_root, "_framework", "blazor.webassembly.js"), "// js");
        await File.WriteAllTextAsync(Path.Combine(_root, "secret.unknownext"), "not served");
        _host = await ServerHost.StartAsync(new Dictionary<string, string> { ["WebNodePath"] = _root });
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public async Task Get_Root_ServesIndexHtmlUncached()
    {
        using var response = await _http.GetAsync(Base);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("fledger test page", await response.Content.ReadAsStringAsync());
        Assert.True(response.Headers.CacheControl?.NoCache);
    }

    [Fact]
    public async Task Get_ClientRoute_FallsBackToIndexHtml()
    {
        using var response = await _http.GetAsync(new Uri(Base, "/nodes/details"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("fledger test page", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/_framework/dotnet.native.wasm", "application/wasm")]
    [InlineData("/_framework/icudt.dat", "application/octet-stream")]
    [InlineData("/_framework/blazor.webassembly.js", "text/javascript")]
    public async Task Get_FrameworkFile_HasBlazorContentType(string path, string type)
    {
        using var response = await _http.GetAsync(new Uri(Base, path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    [Fact]
    public async Task Get_WasmAcceptingBrotli_ServesPrecompressedVariant()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(Base, "/_framework/dotnet.native.wasm"));
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal("application/wasm", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(WasmBrotli, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Get_UnknownExtension_NotServed()
    {
        using var response = await _http.GetAsync(new Uri(Base, "/secret.unknownext"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Get_HealthAndMetrics_StillServedBesideThePage()
    {
        using var health = await _http.GetAsync(new Uri(Base, "/healthz"));
        using var metrics = await _http.GetAsync(new Uri(Base, "/metrics"));

        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.DoesNotContain("fledger test page", await metrics.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WebNodePath_RealWebNodeSource_ServesItsIndexHtml()
    {
        var webRoot = Path.Combine(RepoRoot.Path, "web-node", "Fledger.WebNode", "wwwroot");
        await using var host = await ServerHost.StartAsync(new Dictionary<string, string> { ["WebNodePath"] = webRoot });

        var page = await _http.GetStringAsync(host.BaseUri);

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(webRoot, "index.html")), page);
    }
}
