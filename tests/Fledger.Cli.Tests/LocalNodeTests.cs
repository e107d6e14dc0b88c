using Fledger.Cli.Hosting;
using Fledger.Cli.Tests.Infrastructure;

namespace Fledger.Cli.Tests;

public sealed class LocalNodeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task LoadOrCreate_SameDirectory_KeepsIdAndName()
    {
        using var dir = new TempDirectory();

        var first = await LocalNode.LoadOrCreateAsync(dir.Path, "alice", CancellationToken.None).WaitAsync(Timeout);
        var second = await LocalNode.LoadOrCreateAsync(dir.Path, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(first.Identity.Id, second.Identity.Id);
        Assert.Equal("alice", second.Info.Name);
    }

    [Fact]
    public async Task LoadOrCreate_OtherDirectory_CreatesOtherId()
    {
        using var a = new TempDirectory();
        using var b = new TempDirectory();

        var first = await LocalNode.LoadOrCreateAsync(a.Path, null, CancellationToken.None).WaitAsync(Timeout);
        var second = await LocalNode.LoadOrCreateAsync(b.Path, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.NotEqual(first.Identity.Id, second.Identity.Id);
        Assert.Equal($"node-{first.Identity.Id.ToShortString()}", first.Info.Name);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task LoadOrCreate_KeyFile_IsReadableOnlyByUser()
    {
        using var dir = new TempDirectory();

        await LocalNode.LoadOrCreateAsync(dir.Path, null, CancellationToken.None).WaitAsync(Timeout);

        var mode = File.GetUnixFileMode(Path.Combine(dir.Path, "node", "identity"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
    }

    [Fact]
    public async Task LoadOrCreate_CorruptKeyFile_ReplacesIt()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "node"));
        await File.WriteAllBytesAsync(Path.Combine(dir.Path, "node", "identity"), [1, 2, 3]);

        var node = await LocalNode.LoadOrCreateAsync(dir.Path, null, CancellationToken.None).WaitAsync(Timeout);
        var again = await LocalNode.LoadOrCreateAsync(dir.Path, null, CancellationToken.None).WaitAsync(Timeout);

        Assert.Equal(node.Identity.Id, again.Identity.Id);
        Assert.Equal(32, new FileInfo(Path.Combine(dir.Path, "node", "identity")).Length);
    }

    [Fact]
    public async Task LoadOrCreate_DirectoryIsAFile_ThrowsCliError()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "file");
        await File.WriteAllTextAsync(file, "x");

        var error = await Assert.ThrowsAsync<CliException>(() => LocalNode.LoadOrCreateAsync(file, null, CancellationToken.None).WaitAsync(Timeout));

        Assert.Equal(ExitCodes.Failure, error.ExitCode);
        Assert.Contains("cannot use the data directory", error.Message);
    }

    [Fact]
    public void DataDirectory_Resolve_PrefersOptionThenEnvironmentThenHome()
    {
        var console = CliConsole.Captured(TextWriter.Null, TextWriter.Null, "/home/u", new Dictionary<string, string> { ["FLEDGER_HOME"] = "/data/f" });
        var noEnvironment = CliConsole.Captured(TextWriter.Null, TextWriter.Null, "/home/u");

        Assert.Equal("/opt/x", DataDirectory.Resolve("/opt/x", console));
        Assert.Equal("/data/f", DataDirectory.Resolve(null, console));
        Assert.Equal("/home/u/.fledger", DataDirectory.Resolve(null, noEnvironment));
    }
}
