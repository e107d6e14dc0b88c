namespace Fledger.SignalServer.WebNode;

/// <summary>Finds the published web node to serve.</summary>
public static class WebNodeFiles
{
    /// <summary>
    /// The folder to serve: <paramref name="configured"/> when set (must hold <c>index.html</c>), otherwise a
    /// <c>wwwroot</c> with an <c>index.html</c> in <paramref name="baseDirectory"/>, otherwise null (nothing served).
    /// </summary>
    public static string? Resolve(string? configured, string baseDirectory)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured);
            return File.Exists(Path.Combine(full, "index.html"))
                ? full
                : throw new InvalidOperationException($"SignalServer:WebNodePath '{full}' has no index.html.");
        }

        var local = Path.Combine(baseDirectory, "wwwroot");
        return File.Exists(Path.Combine(local, "index.html")) ? local : null;
    }
}
