using System.Text.Json;
using Fledger.Cli.Hosting;
using Fledger.Cli.Tests.Infrastructure;
using Fledger.Cli.View;

namespace Fledger.Cli.Tests;

public sealed class ListCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task List_AnnouncedNode_ShowsItInTableAndJson()
    {
        await using var server = await TestServer.StartAsync();
        using var dir = new TempDirectory();
        var node = await LocalNode.LoadOrCreateAsync(dir.Path, "alice", CancellationToken.None).WaitAsync(Timeout);
        using var loggers = new Microsoft.Extensions.Logging.LoggerFactory();
        await using var host = await NodeHost.StartAsync(node, server.HubUri, new NodeView(TimeProvider.System), Timeout, new WebRtcSettings([], LoopbackOnly: true), loggers, CancellationToken.None).WaitAsync(Timeout);

        var table = await CliRun.InvokeAsync(["list", "--signal", server.HubUri.ToString()]);
        var json = await CliRun.InvokeAsync(["list", "--signal", server.HubUri.ToString(), "--json"]);

        Assert.Equal(0, table.ExitCode);
        Assert.Contains("alice", table.Out);
        Assert.Contains(node.Identity.Id.ToShortString(), table.Out);
        Assert.Contains("1 node(s).", table.Out);
        Assert.Equal(0, json.ExitCode);
        var entries = JsonDocument.Parse(json.Out).RootElement.EnumerateArray().ToList();
        var entry = Assert.Single(entries);
        Assert.Equal(node.Identity.Id.ToString(), entry.GetProperty("id").GetString());
        Assert.Equal("alice", entry.GetProperty("name").GetString());
        Assert.Equal("cli", entry.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task List_EmptyServer_SaysSo()
    {
        await using var server = await TestServer.StartAsync();

        var run = await CliRun.InvokeAsync(["list", "--signal", server.HubUri.ToString()]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No other nodes", run.Out);
    }

    [Fact]
    public async Task List_WrongPath_ExitsThreeNamingHubPath()
    {
        await using var server = await TestServer.StartAsync();

        var run = await CliRun.InvokeAsync(["list", "--signal", new Uri(server.BaseUri, "/nothere").ToString()]);

        Assert.Equal(ExitCodes.Unreachable, run.ExitCode);
        Assert.Contains("no signal hub", run.Error);
        Assert.Contains("/signal", run.Error);
    }

    [Fact]
    public async Task List_Quiet_PrintsOnlyTheResult()
    {
        await using var server = await TestServer.StartAsync();

        var run = await CliRun.InvokeAsync(["list", "-q", "--json", "--signal", server.HubUri.ToString()]);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("[]", run.Out.Trim());
        Assert.Equal(string.Empty, run.Error);
    }
}
