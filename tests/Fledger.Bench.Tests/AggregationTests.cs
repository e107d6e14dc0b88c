using System.Text.Json.Nodes;
using Fledger.Bench.Gossip;
using Fledger.Bench.Parts;
using Fledger.Bench.Parsing;
using Fledger.Bench.Report;

namespace Fledger.Bench.Tests;

/// <summary>The runner's aggregation: node event lines into overlay and latencies, figures into rows, rows into the report.</summary>
public sealed class AggregationTests
{
    private const string A = "aa";
    private const string B = "bb";
    private const string C = "cc";

    [Fact]
    public void GossipLine_EventLines_AreParsed()
    {
        var ready = GossipLine.TryParse("""{"type":"ready","node":1,"id":"ab12","name":"x","t":1795632286749.448}""");
        var peers = GossipLine.TryParse("""{"type":"peers","node":0,"peers":["p1","p2"],"t":5}""");
        var chat = GossipLine.TryParse("""{"type":"chat","node":0,"event":"e1","author":"ab12","text":"hi \u0027you\u0027","t":7.5}""");

        Assert.NotNull(ready);
        Assert.Equal(("ready", 1, 1795632286749.448, "ab12", null, null), (ready.Type, ready.Node, ready.T, ready.Id, ready.Event, ready.Text));
        Assert.Empty(ready.Peers);
        Assert.Equal(["p1", "p2"], peers!.Peers);
        Assert.Equal("hi 'you'", chat!.Text);
        Assert.Equal("e1", chat.Event);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Node x stopped.")]
    [InlineData("{\"type\":\"chat\"}")]
    [InlineData("{\"type\":\"chat\",\"node\":\"0\",\"t\":1}")]
    [InlineData("{\"type\":\"chat\",\"node\":0,\"t\":\"1\"}")]
    [InlineData("{\"type\":1,\"node\":0,\"t\":1}")]
    [InlineData("{broken")]
    public void GossipLine_NotAnEventLine_IsNull(string line)
    {
        Assert.Null(GossipLine.TryParse(line));
    }

    [Fact]
    public void MeshObserver_ChainOfThree_IsConnectedOnceEveryLinkIsReportedByOneEnd()
    {
        var observer = new MeshObserver();
        Observe(observer, 0, """{"type":"ready","node":0,"id":"aa","t":1}""");
        Observe(observer, 1, """{"type":"ready","node":0,"id":"bb","t":1}""");
        Observe(observer, 1, """{"type":"ready","node":1,"id":"cc","t":1}""");
        Observe(observer, 0, """{"type":"peers","node":0,"peers":["bb"],"t":2}""");

        Assert.False(observer.IsOverlayConnected(3));

        Observe(observer, 1, """{"type":"peers","node":1,"peers":["bb"],"t":3}""");

        Assert.True(observer.IsOverlayConnected(3));
        Assert.False(observer.IsOverlayConnected(4));
        Assert.Equal([1, 1, 2], observer.Degrees().Order());
    }

    [Fact]
    public void MeshObserver_TwoIslands_IsNotConnected()
    {
        var observer = new MeshObserver();
        foreach (var (process, id) in new[] { (0, A), (1, B), (2, C), (3, "dd") })
        {
            Observe(observer, process, $$"""{"type":"ready","node":0,"id":"{{id}}","t":1}""");
        }

        Observe(observer, 0, """{"type":"peers","node":0,"peers":["bb"],"t":2}""");
        Observe(observer, 2, """{"type":"peers","node":0,"peers":["dd"],"t":2}""");

        Assert.False(observer.IsOverlayConnected(4));
    }

    [Fact]
    public void MeshObserver_EventHeldByAll_TimeToAllIsLastHolderMinusPost()
    {
        var observer = new MeshObserver();
        Observe(observer, 0, """{"type":"chat","node":0,"event":"e","text":"bench-1","t":1000.5}""");
        Observe(observer, 0, """{"type":"posted","node":0,"event":"e","text":"bench-1","t":1000.0}""");
        Observe(observer, 1, """{"type":"chat","node":0,"event":"e","text":"bench-1","t":1042.0}""");

        Assert.Null(observer.TimeToAllMs("bench-1", 3));
        Assert.Equal(2, observer.HolderCount("bench-1"));

        Observe(observer, 1, """{"type":"chat","node":1,"event":"e","text":"bench-1","t":1017.25}""");
        Observe(observer, 1, """{"type":"chat","node":1,"event":"e","text":"bench-1","t":9999}""");

        Assert.Equal(42.0, observer.TimeToAllMs("bench-1", 3));
        Assert.Null(observer.TimeToAllMs("other", 3));
    }

    [Fact]
    public async Task MeshObserver_WaitAsync_WakesOnTheLineThatMakesTheConditionTrue()
    {
        var observer = new MeshObserver();
        var wait = observer.WaitAsync(() => observer.ReadyCount == 1, TimeSpan.FromSeconds(10), CancellationToken.None);
        Observe(observer, 0, """{"type":"ready","node":0,"id":"aa","t":1}""");

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(await observer.WaitAsync(() => observer.ReadyCount == 2, TimeSpan.FromMilliseconds(50), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData(0.5, 5)]
    [InlineData(0.99, 10)]
    [InlineData(0.1, 1)]
    public void Percentile_NearestRank(double p, double expected)
    {
        Assert.Equal(expected, Stats.Percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], p));
    }

    [Fact]
    public void Percentile_Empty_IsNaN()
    {
        Assert.True(double.IsNaN(Stats.Percentile([], 0.5)));
    }

    [Fact]
    public void GossipSummary_Result_GivesMedianP99AndRssPerNode()
    {
        var result = new GossipResult(4, 2, 2, 3.5, 1.25, [1, 2, 2, 1], [30, 10, 20, 40], 5, [102_400, 81_920], 51_200, 1.5, 4.0, 2);

        var (rows, data) = GossipPart.Summarize(result);

        Assert.Equal(20, data["medianMs"]!.GetValue<double>());
        Assert.Equal(40, data["p99Ms"]!.GetValue<double>());
        Assert.Equal(45, data["rssPerNodeMiB"]!.GetValue<double>());
        Assert.Contains(rows, r => r.Measure == "chat event to all 4 nodes: median / p99 / max" && r.Value == "20 / 40 / 40 ms (4 of 5 events reached all)");
        Assert.Contains(rows, r => r.Value == "80 / 90 / 100 MiB; signal server 50 MiB");
    }

    [Fact]
    public void BrokerSummary_Cases_ComparesWithTheRawHop()
    {
        var (rows, data) = BrokerPart.Summarize([new BrokerCase("raw Channel<T> hop", 20, 0), new BrokerCase("broker, 1 handler, Enqueue + Settle", 200, 0)]);

        Assert.Equal("50.00 M msg/s (20.0 ns/msg, 0 B/msg; 1.0× (baseline))", rows[0].Value);
        Assert.Equal("5.00 M msg/s (200.0 ns/msg, 0 B/msg; 10.0× its raw hop)", rows[1].Value);
        Assert.Equal(10, data["cases"]![1]!["vsRawHop"]!.GetValue<double>());
    }

    [Fact]
    public void BrokerSummary_GroupsAndJobs_EachCaseAgainstThePrecedingRawCaseOfItsJob()
    {
        var (rows, data) = BrokerPart.Summarize(
        [
            new BrokerCase("raw Channel<T> to a reader task", 100, 0, "Job-A"),
            new BrokerCase("broker, auto", 300, 0, "Job-A"),
            new BrokerCase("raw Channel<T> hop", 50, 0, "Dry"),
            new BrokerCase("raw Channel<T> hop", 20, 0, "Job-A"),
            new BrokerCase("broker, Enqueue", 60, null, "Job-A"),
            new BrokerCase("broker, Enqueue", 900, null, "Dry"),
        ]);

        Assert.Equal(3, data["cases"]![1]!["vsRawHop"]!.GetValue<double>());
        Assert.Equal(3, data["cases"]![4]!["vsRawHop"]!.GetValue<double>());
        Assert.Equal(18, data["cases"]![5]!["vsRawHop"]!.GetValue<double>());
        Assert.Equal("broker, Enqueue [Dry]", rows[5].Measure);
    }

    [Theory]
    [InlineData("BrokerBenchmarks.'raw Channel<T> hop': ShortRun(IterationCount=3, LaunchCount=1)", "ShortRun")]
    [InlineData("BrokerBenchmarks.RawChannelHop: Dry(IterationCount=1)", "Dry")]
    [InlineData("BrokerBenchmarks.'a: b': Job-XYZ", "Job-XYZ")]
    [InlineData(null, "")]
    [InlineData("no job", "")]
    public void BenchmarkDotNetReport_JobOf_ReadsTheJobName(string? displayInfo, string job)
    {
        Assert.Equal(job, BenchmarkDotNetReport.JobOf(displayInfo));
    }

    [Fact]
    public void SignalSummary_Rates_SustainedIsTheHighestFullyDeliveredRateWithALowTail()
    {
        var rates = RelayRate.ParseAll(Recorded.SignalLoadOutput);

        var (rows, data) = SignalPart.Summarize(1000, [.. rates, new RelayRate(500, 5000, 5000, 100, 1, 20, 30, 5)], 10);

        Assert.Equal(500, data["sustainedPerSecond"]!.GetValue<int>());
        Assert.Equal("1,000/s delivered (100.0 %); p50 5.4 ms, p99 158.2 ms; server CPU 12 %", rows[0].Value);
    }

    [Fact]
    public void BenchReport_Markdown_OneTableWithMachineLoadRowsAndSkippedNotes()
    {
        var report = new BenchReport(
            new DateTimeOffset(2026, 11, 25, 20, 40, 0, TimeSpan.Zero),
            420,
            new MachineInfo("AMD EPYC", 2, 23.5, "Debian GNU/Linux 12 (bookworm)", ".NET 10.0.12", "Linux"),
            "0.10 0.20 0.30",
            "1.50 1.00 0.50",
            "scripts/bench.sh",
            [
                PartResult.Ok("webrtc", "Data channel", 12, [new BenchRow("setup", "10.0 ms"), new BenchRow("a|b", "1")], new JsonObject { ["x"] = 1 }),
                PartResult.NotOk("interop", "Chromium", PartStatus.Skipped, "Chromium is not installed"),
            ]);

        var markdown = report.ToMarkdown();
        var json = JsonNode.Parse(report.ToJson())!;

        Assert.Contains("Machine: AMD EPYC, 2 cores, 23.5 GiB RAM, Debian GNU/Linux 12 (bookworm), .NET 10.0.12. Load average (1/5/15 min) at start 0.10 0.20 0.30, at end 1.50 1.00 0.50.", markdown);
        Assert.Contains("| Data channel | setup | 10.0 ms |", markdown);
        Assert.Contains("|  | a\\|b | 1 |", markdown);
        Assert.Contains("| Chromium | skipped | Chromium is not installed |", markdown);
        Assert.Equal("Skipped", json["parts"]![1]!["status"]!.GetValue<string>());
        Assert.Equal(1, json["parts"]![0]!["data"]!["x"]!.GetValue<int>());
        Assert.Equal(2, json["machine"]!["cores"]!.GetValue<int>());
    }

    [Fact]
    public void NetworkNamespace_BenchNamespaceDevices_AllowChromiumOnlyThere()
    {
        using var dir = new TempFiles();
        var inside = dir.Write("inside", "Inter-|   Receive |  Transmit\n face |bytes packets\n    lo: 0 0\n    d1: 90 1\n    d0: 90 1\n");
        var outside = dir.Write("outside", "Inter-|   Receive |  Transmit\n face |bytes packets\n    lo: 0 0\n  eth0: 5 5\n");
        var chromium = dir.Write("chromium", string.Empty);

        Assert.Equal(["d0", "d1", "lo"], NetworkNamespace.Interfaces(inside));
        Assert.Null(NetworkNamespace.WhyNot(inside, chromium));
        Assert.Contains("not inside the benchmark network namespace (interfaces: eth0 lo)", NetworkNamespace.WhyNot(outside, chromium));
        Assert.Contains("Chromium is not installed", NetworkNamespace.WhyNot(inside, Path.Combine(dir.Path, "missing")));
    }

    [Fact]
    public void BenchOptions_Arguments_AreParsedAndValidated()
    {
        using var dir = new TempFiles();
        dir.Write("Fledger.sln", string.Empty);
        var nested = Directory.CreateDirectory(Path.Combine(dir.Path, "a", "b")).FullName;

        var options = BenchOptions.Parse(["--only", "gossip,mesh", "--events", "5", "--nodes-per-process", "3,1", "--quick"], nested, out _);

        Assert.NotNull(options);
        Assert.Equal(dir.Path, options.Root);
        Assert.Equal(Path.Combine(dir.Path, "bench-results"), options.OutputDirectory);
        Assert.Equal(["gossip", "mesh"], options.Parts);
        Assert.Equal((5, 30, true), (options.GossipEvents, options.GossipNodes, options.Quick));
        Assert.Equal([3, 1], options.GossipNodesPerProcess);
        Assert.Equal([1, 3], BenchOptions.Parse([], nested, out _)!.GossipNodesPerProcess);
        Assert.Null(BenchOptions.Parse(["--nodes-per-process", "1,x"], nested, out _));
        Assert.Null(BenchOptions.Parse(["--only", "nope"], nested, out var error));
        Assert.Contains("unknown part 'nope'", error);
        Assert.Null(BenchOptions.Parse(["--events", "0"], nested, out _));
        Assert.Null(BenchOptions.Parse(["--events"], nested, out _));
    }

    private static void Observe(MeshObserver observer, int process, string line)
        => observer.Observe(process, GossipLine.TryParse(line) ?? throw new ArgumentException($"not an event line: {line}"));
}
