using Fledger.Bench.Parsing;
using Fledger.Bench.Parts;

namespace Fledger.Bench.Tests;

/// <summary>The runner reads the other benchmark programs' output: recorded outputs in, figures out.</summary>
public sealed class ParserTests
{
    [Fact]
    public void BenchmarkDotNetReport_RecordedReport_ReadsTitlesMeansAndAllocations()
    {
        var cases = BenchmarkDotNetReport.Parse(Recorded.BenchmarkDotNetJson, out var error);

        Assert.Equal(string.Empty, error);
        Assert.Equal(3, cases.Count);
        Assert.Equal("raw Channel<T> hop", cases[0].Title);
        Assert.Equal(19.25, cases[0].MeanNs, 3);
        Assert.Equal(0, cases[0].AllocatedBytes);
        Assert.Equal("broker, 1 handler, EmitInputAsync", cases[1].Title);
        Assert.Equal(96, cases[1].AllocatedBytes);
        Assert.Null(cases[2].AllocatedBytes);
        Assert.Equal(1e9 / 249.5, cases[1].PerSecond, 3);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"Title\":\"x\"}")]
    [InlineData("[1,2]")]
    public void BenchmarkDotNetReport_NotAReport_ReturnsNoCasesAndAnError(string json)
    {
        var cases = BenchmarkDotNetReport.Parse(json, out var error);

        Assert.Empty(cases);
        Assert.NotEqual(string.Empty, error);
    }

    [Fact]
    public void WebRtcFigures_RecordedOutput_ReadsSetupAndBothThroughputs()
    {
        var figures = WebRtcFigures.Parse(Recorded.WebRtcOutput);

        Assert.NotNull(figures);
        Assert.Equal(45.2, figures.FirstSetupMs);
        Assert.Equal(112.0, figures.SetupMedianMs);
        Assert.Equal(80.5, figures.SetupMinMs);
        Assert.Equal(301.7, figures.SetupMaxMs);
        Assert.Equal(21.3, figures.MiBPerSecondByKiB[16]);
        Assert.Equal(62.1, figures.MiBPerSecondByKiB[64]);
    }

    [Fact]
    public void WebRtcFigures_UnrelatedOutput_IsNull()
    {
        Assert.Null(WebRtcFigures.Parse("Unhandled exception. System.Exception: boom\n   at Foo()"));
    }

    [Fact]
    public void InteropRow_RecordedTable_ReadsDataRowsOnly()
    {
        var rows = InteropRow.ParseTable(Recorded.InteropOutput);

        Assert.Equal(3, rows.Count);
        Assert.Equal(new InteropRow("managed offers; data managed → Chromium", "on", 90.3, 11.6, 18.1), rows[0]);
        Assert.Equal("Chromium ↔ Chromium, one page", rows[2].Pair);
        Assert.Equal(12.8, rows[2].MBps64);
    }

    [Fact]
    public void RelayRate_RecordedOutput_ReadsEveryRateAndTheNodeCount()
    {
        var rates = RelayRate.ParseAll(Recorded.SignalLoadOutput);

        Assert.Equal(2, rates.Count);
        Assert.Equal(new RelayRate(1000, 10000, 10000, 100.0, 5.41, 158.20, 201.33, 12), rates[0]);
        Assert.Equal(5000, rates[1].Rate);
        Assert.Equal(97.5, rates[1].DeliveredPercent);
        Assert.Equal(1000, RelayRate.ParseNodes(Recorded.SignalLoadOutput));
    }

    [Fact]
    public void WebRtcFigures_LaterFormats_ReadWarmSetupAndThroughputWithTrailingFigures()
    {
        var figures = WebRtcFigures.Parse(Recorded.WebRtcOutputLater);

        Assert.NotNull(figures);
        Assert.Null(figures.FirstSetupMs);
        Assert.Equal(31.5, figures.SetupMedianMs);
        Assert.Equal(118.4, figures.MiBPerSecondByKiB[16]);
    }

    [Fact]
    public void InteropRow_CellsWithCpuAfterTheRate_ReadTheRate()
    {
        var rows = InteropRow.ParseTable("""
            | pair | mDNS | setup median (ms) | 16 KiB msgs MB/s (managed CPU) | 64 KiB msgs MB/s (managed CPU) |
            |---|---|---:|---:|---:|
            | managed offers; data managed → Chromium | off | 60.1 | 14.2 (0.61 s) | 15.0 (0.55 s) |
            | Chromium ↔ Chromium, one page | off | 12.0 | 12.5 (n/a) | 12.8 (n/a) |
            """);

        Assert.Equal([14.2, 12.5], rows.Select(r => r.MBps16));
        Assert.Equal([15.0, 12.8], rows.Select(r => r.MBps64));
    }

    [Fact]
    public void InteropRow_TableWithSignalingTransitColumns_ReadsSetupWithoutTransitAndSkipsTheRelayRow()
    {
        // As Fledger.InteropBench prints it since the signaling-transit columns (2026-11-26 01:30 UTC run).
        var rows = InteropRow.ParseTable("""
            | pair | mDNS | setup median (ms) | signaling transit in it (median ms) | setup without signaling transit (median ms) | 16 KiB msgs MB/s (managed CPU) | 64 KiB msgs MB/s (managed CPU) |
            |---|---|---:|---:|---:|---:|---:|
            | managed offers; data managed → Chromium | on | 14.0 | 2.8 | 10.9 | 23.5 (2.81 s) | 32.4 (1.47 s) |
            | Chromium ↔ Chromium, two pages via the .NET relay | on | 26.6 | 7.1 | 19.7 | - | - |
            | Chromium ↔ Chromium, one page | on | 11.9 | 0.0 | 11.9 | 32.3 (n/a) | 33.9 (n/a) |
            """);

        Assert.Equal(
            [new InteropRow("managed offers; data managed → Chromium", "on", 14.0, 23.5, 32.4, 10.9), new InteropRow("Chromium ↔ Chromium, one page", "on", 11.9, 32.3, 33.9, 11.9)],
            rows);
        var (table, _) = InteropPart.Summarize(rows);
        Assert.Equal("setup 14.0 ms (10.9 ms without signaling transit); 23.5 MB/s (16 KiB msgs), 32.4 MB/s (64 KiB msgs)", table[0].Value);
        Assert.Equal("setup 11.9 ms; 32.3 MB/s (16 KiB msgs), 33.9 MB/s (64 KiB msgs)", table[1].Value);
    }

    [Fact]
    public void RelayRate_JsonReport_ReadsRatesWithFractionsAsPercent()
    {
        var rates = RelayRate.ParseReport(Recorded.SignalLoadJson, out var nodes);

        Assert.Equal(1000, nodes);
        Assert.Equal(2, rates.Count);
        Assert.Equal(new RelayRate(1000, 5000, 4990, 99.8, 1.2, 3.4, 5.6, 25), rates[0]);
        Assert.Empty(RelayRate.ParseReport("[]", out _));
        Assert.Empty(RelayRate.ParseReport("{\"Rates\":[{\"Rate\":\"x\"}]}", out _));
    }
}
