using Fledger.Cli.Hosting;
using Fledger.Cli.Tests.Infrastructure;
using Fledger.Cli.View;

namespace Fledger.Cli.Tests;

public sealed class DemoAndChatTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Demo_ThreeNodes_AnnounceAndStopGracefullyKeepingIdentities()
    {
        using var dir = new TempDirectory();
        await using var demo = FledgerProcess.Start(["demo", "--nodes", "3", "--port", "0", "--plain", "--loopback", "--data-dir", dir.Path]);

        var signalLine = await demo.WaitForLineAsync(l => l.StartsWith("Signal server: ", StringComparison.Ordinal), Timeout);
        await demo.WaitForLineAsync(l => l.Contains("demo ready: 3 node(s)"), Timeout);
        var hub = signalLine["Signal server: ".Length..].Trim();
        var list = await CliRun.InvokeAsync(["list", "--signal", hub, "--json"]);
        var code = await demo.StopAsync(Timeout);

        Assert.Equal(0, code);
        Assert.Equal(0, list.ExitCode);
        foreach (var name in new[] { "demo-1", "demo-2", "demo-3" })
        {
            Assert.Contains($"\"{name}\"", list.Out);
        }

        Assert.All(Enumerable.Range(1, 3), i => Assert.True(File.Exists(Path.Combine(dir.Path, $"node-{i}", "node", "identity"))));
    }

    [Fact]
    public async Task Demo_ThreeNodes_FormMeshAndChatFromAnotherProcessReachesAll()
    {
        var mesh = TimeSpan.FromSeconds(120);
        await using var demo = FledgerProcess.Start(["demo", "--nodes", "3", "--port", "0", "--plain", "--loopback"]);
        var signalLine = await demo.WaitForLineAsync(l => l.StartsWith("Signal server: ", StringComparison.Ordinal), mesh);
        var hub = signalLine["Signal server: ".Length..].Trim();

        // Every demo node logs each of its two peers as connected: six lines make a full mesh of three.
        var links = new HashSet<string>();
        await demo.WaitForLineAsync(
            line =>
            {
                var match = System.Text.RegularExpressions.Regex.Match(line, @"(demo-\d): peer (demo-\d) \(\w+\) connected");
                if (match.Success)
                {
                    links.Add($"{match.Groups[1].Value}->{match.Groups[2].Value}");
                }

                return links.Count == 6;
            },
            mesh);

        var text = $"mesh check {Guid.NewGuid():N}";
        // --wait bounds both the first peer connection of a cold process and its time online for the demo nodes to
        // pull the message: 5 s left little headroom on a loaded CI machine; the process exits after the wait anyway.
        var chat = await FledgerProcess.RunAsync(["chat", "--signal", hub, "--loopback", "--wait", "15", text], mesh);
        Assert.True(chat.ExitCode == 0, $"chat exited {chat.ExitCode}: {chat.Error}");

        var reached = new HashSet<string>();
        await demo.WaitForLineAsync(
            line =>
            {
                var match = System.Text.RegularExpressions.Regex.Match(line, @"(demo-\d): chat <[^>]+> (.*)$");
                if (match.Success && match.Groups[2].Value == text)
                {
                    reached.Add(match.Groups[1].Value);
                }

                return reached.Count == 3;
            },
            mesh);
        Assert.Equal(["demo-1", "demo-2", "demo-3"], reached.Order());
    }

    [Fact]
    public async Task Demo_PortInUse_ExitsOneWithOneLine()
    {
        await using var server = await TestServer.StartAsync();

        var run = await FledgerProcess.RunAsync(["demo", "--port", server.BaseUri.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--plain", "--loopback"], Timeout);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal($"fledger: error: port {server.BaseUri.Port} on 127.0.0.1 is already in use; choose another with --port", run.Error.Trim());
    }

    [Fact]
    public async Task Stats_WithAnotherNode_ShowsItAndOwnState()
    {
        await using var server = await TestServer.StartAsync();
        using var dir = new TempDirectory();
        var local = await LocalNode.LoadOrCreateAsync(dir.Path, "bob", CancellationToken.None).WaitAsync(Timeout);
        using var loggers = new Microsoft.Extensions.Logging.LoggerFactory();
        await using var host = await NodeHost.StartAsync(local, server.HubUri, new NodeView(TimeProvider.System), Timeout, new WebRtcSettings([], LoopbackOnly: true), loggers, CancellationToken.None).WaitAsync(Timeout);

        // stats prints after --wait seconds: leave a loaded machine time to announce and fetch the node list.
        var run = await CliRun.InvokeAsync(["stats", "--signal", server.HubUri.ToString(), "--wait", "3", "--loopback"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("signaling: Announced", run.Out);
        Assert.Contains("Peers", run.Out);
        Assert.Contains("bob", run.Out);
    }

    [Fact]
    public async Task Chat_Posted_IsKeptInTheFeedOfTheNextRun()
    {
        await using var server = await TestServer.StartAsync();
        using var dir = new TempDirectory();

        var post = await CliRun.InvokeAsync(["chat", "--signal", server.HubUri.ToString(), "--data-dir", dir.Path, "--name", "carol", "--wait", "1", "--loopback", "hello fledger"]);
        var feed = await CliRun.InvokeAsync(["chat", "--signal", server.HubUri.ToString(), "--data-dir", dir.Path, "--loopback"], input: new StringReader("second line\n"));

        Assert.Contains("<carol> hello fledger", post.Out);
        Assert.Contains("<carol> hello fledger", feed.Out);
        Assert.Contains("<carol> second line", feed.Out);
        Assert.Equal(0, feed.ExitCode);
        Assert.Contains("Chatting as carol.", feed.Out);
    }

    [Fact]
    public async Task Chat_TooLong_ExitsTwo()
    {
        await using var server = await TestServer.StartAsync();
        using var dir = new TempDirectory();

        var run = await CliRun.InvokeAsync(["chat", "--signal", server.HubUri.ToString(), "--data-dir", dir.Path, "--loopback", new string('x', 100_000)]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("fledger: error: ", run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
