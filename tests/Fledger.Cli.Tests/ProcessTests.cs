using Fledger.Cli.Tests.Infrastructure;

namespace Fledger.Cli.Tests;

/// <summary>Runs the real built <c>fledger</c> as a child process.</summary>
public sealed class ProcessTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Node_MalformedSignalUrl_ExitsTwoWithOneLineAndNoStackTrace()
    {
        var run = await FledgerProcess.RunAsync(["node", "--signal", "not-a-url"], Timeout);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(string.Empty, run.Out);
        var lines = run.Error.Trim().Split('\n');
        Assert.Equal("fledger: error: --signal: 'not-a-url' is not a valid URL (expected e.g. http://127.0.0.1:8765/signal)", lines[0]);
        Assert.Equal("Run 'fledger node --help' for usage.", lines[1]);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task Node_UnreachableSignalServer_ExitsThreeWithOneLineAndNoStackTrace()
    {
        var port = FledgerProcess.FreePort();

        var run = await FledgerProcess.RunAsync(["node", "--signal", $"http://127.0.0.1:{port}/signal"], Timeout);

        Assert.Equal(3, run.ExitCode);
        Assert.Equal(
            $"fledger: error: cannot reach the signal server at http://127.0.0.1:{port}/signal: connection refused (is the server running on that port?)",
            run.Error.Trim());
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task Node_Restarted_KeepsItsIdAndStopsGracefully()
    {
        await using var server = await TestServer.StartAsync();
        using var dir = new TempDirectory();
        string[] args = ["node", "--signal", server.HubUri.ToString(), "--data-dir", dir.Path, "--name", "restart-me", "--plain", "--loopback"];

        var first = await RunUntilAnnouncedAsync(args);
        var second = await RunUntilAnnouncedAsync(args);

        Assert.Equal(first, second);
        Assert.Matches("^[0-9a-f]{64}$", first);
    }

    private static async Task<string> RunUntilAnnouncedAsync(string[] args)
    {
        await using var process = FledgerProcess.Start(args);
        var line = await process.WaitForLineAsync(l => l.Contains("announced as "), Timeout);
        var code = await process.StopAsync(Timeout);
        Assert.Equal(0, code);
        return line.Split("announced as ")[1].Split(' ')[0];
    }
}
