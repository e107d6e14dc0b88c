using System.Diagnostics;
using Fledger.ScaleOut.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fledger.ScaleOut.Tests.Deploy;

/// <summary>Publishes the <c>fledger</c> CLI for linux-x64 (framework-dependent) and runs it from the publish folder.</summary>
public sealed class PublishedCliTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _publishDir = Directory.CreateTempSubdirectory("fledger-cli-publish-").FullName;

    [Fact]
    public async Task PublishLinuxX64_RunFromPublishFolder_AnswersVersionHelpAndUnreachableServer()
    {
        var clock = Stopwatch.StartNew();
        var project = Path.Combine(RepoRoot.Path, "node-cli", "Fledger.Cli", "Fledger.Cli.csproj");

        var (code, log) = await PublishedServerTests.RunAsync(
            "dotnet",
            ["publish", project, "-c", "Release", "-r", "linux-x64", "--self-contained", "false", "-o", _publishDir, "-nologo"],
            TimeSpan.FromMinutes(6));
        Assert.True(code == 0, log);
        output.WriteLine($"publish linux-x64 {clock.Elapsed.TotalSeconds:F1} s");
        var fledger = Path.Combine(_publishDir, "fledger");
        Assert.True(File.Exists(fledger), "the linux-x64 apphost 'fledger' is missing");

        var (versionCode, version) = await PublishedServerTests.RunAsync(fledger, ["--version"], TimeSpan.FromSeconds(60));
        Assert.Equal(0, versionCode);
        Assert.StartsWith("fledger ", version.Trim(), StringComparison.Ordinal);

        var (helpCode, help) = await PublishedServerTests.RunAsync(fledger, ["--help"], TimeSpan.FromSeconds(60));
        Assert.Equal(0, helpCode);
        Assert.Contains("demo", help, StringComparison.Ordinal);

        var (listCode, list) = await PublishedServerTests.RunAsync(fledger, ["list", "--signal", $"http://127.0.0.1:{FreePort.Next()}/signal"], TimeSpan.FromSeconds(60));
        Assert.Equal(3, listCode);
        Assert.Contains("cannot reach the signal server", list, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", list, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_publishDir, recursive: true);
}
