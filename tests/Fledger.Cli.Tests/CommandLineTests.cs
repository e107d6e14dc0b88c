using Fledger.Cli.Tests.Infrastructure;

namespace Fledger.Cli.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("node", "--signal", "--name", "--data-dir", "--stun", "--turn", "--plain")]
    [InlineData("demo", "--nodes", "--port", "--data-dir", "--plain")]
    [InlineData("list", "--signal", "--json", "--max")]
    [InlineData("chat", "--signal")]
    [InlineData("stats", "--signal")]
    public async Task Help_ForEachCommand_ShowsUsageAndItsOptions(string command, params string[] options)
    {
        var run = await CliRun.InvokeAsync([command, "--help"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches($@"fledger {command} (\[<TEXT>\] )?\[options\]", run.Out);
        foreach (var option in options.Concat(["--verbose", "--quiet", "--version", "--help"]))
        {
            Assert.Contains(option, run.Out);
        }

        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public async Task Help_OnRoot_ListsAllCommands()
    {
        var run = await CliRun.InvokeAsync(["--help"]);

        Assert.Equal(0, run.ExitCode);
        foreach (var command in new[] { "node", "demo", "list", "chat", "stats" })
        {
            Assert.Matches($@"(?m)^\s+{command}\s+\S", run.Out);
        }
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("node", "--version")]
    [InlineData("list", "--version")]
    public async Task Version_OnRootAndCommands_PrintsVersion(params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("fledger 0.1.0", run.Out.Trim());
    }

    [Fact]
    public async Task NoCommand_ExitsWithUsageCodeAndHint()
    {
        var run = await CliRun.InvokeAsync([]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Run 'fledger --help'", run.Error);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("list", "--signal", "http://127.0.0.1:1/signal", "--bogus")]
    [InlineData("node")]
    [InlineData("list", "--signal", "http://127.0.0.1:1/signal", "--max", "0")]
    [InlineData("demo", "--nodes", "0")]
    [InlineData("demo", "--port", "70000")]
    [InlineData("node", "--signal", "http://127.0.0.1:1/signal", "--stun", "http://example")]
    [InlineData("node", "--signal", "http://127.0.0.1:1/signal", "--turn", "turn:host:99999")]
    [InlineData("node", "--signal", "http://127.0.0.1:1/signal", "--name", "")]
    public async Task BadUsage_ExitsTwoWithErrorLinesOnStderr(params string[] args)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(string.Empty, run.Out);
        Assert.StartsWith("fledger: error: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("ftp://127.0.0.1/signal")]
    [InlineData("http://")]
    public async Task Signal_Malformed_ExitsTwoNamingTheOption(string url)
    {
        var run = await CliRun.InvokeAsync(["list", "--signal", url]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--signal:", run.Error);
        Assert.DoesNotContain("Exception", run.Error);
    }

    [Fact]
    public async Task Signal_FromEnvironment_IsUsedWhenOptionMissing()
    {
        var port = FledgerProcess.FreePort();
        var run = await CliRun.InvokeAsync(["list"], new Dictionary<string, string> { ["FLEDGER_SIGNAL"] = $"http://127.0.0.1:{port}" });

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Contains($"http://127.0.0.1:{port}/signal", run.Error);
    }

    [Fact]
    public async Task List_UnreachablePort_ExitsThreeWithOneLine()
    {
        var port = FledgerProcess.FreePort();
        var run = await CliRun.InvokeAsync(["list", "--signal", $"http://127.0.0.1:{port}/signal"]);

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Equal($"fledger: error: cannot reach the signal server at http://127.0.0.1:{port}/signal: connection refused (is the server running on that port?)", run.Error.Trim());
    }
}
