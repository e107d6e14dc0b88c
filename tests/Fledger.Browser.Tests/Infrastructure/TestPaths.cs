using System.Reflection;

namespace Fledger.Browser.Tests.Infrastructure;

/// <summary>Paths recorded at build time (see the AssemblyMetadata items in the project file).</summary>
public static class TestPaths
{
    /// <summary>The repository root.</summary>
    public static string RepoRoot { get; } = Metadata("FledgerRepoRoot");

    /// <summary>The web node's static web assets manifest in its build output.</summary>
    public static string WebNodeManifest { get; } = Metadata("WebNodeStaticAssetsManifest");

    /// <summary>The test pages and the JS module copied next to the test assembly.</summary>
    public static string TestSite { get; } = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>Where screenshots of a test run go: artifacts/screenshots under the repository root.</summary>
    public static string Screenshots { get; } = Path.Combine(RepoRoot, "artifacts", "screenshots");

    private static string Metadata(string key) =>
        typeof(TestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == key).Value!;
}
