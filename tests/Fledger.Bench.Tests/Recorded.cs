namespace Fledger.Bench.Tests;

/// <summary>Outputs of the benchmark programs as they print them (trimmed), for the parser tests.</summary>
internal static class Recorded
{
    /// <summary>BenchmarkDotNet's JSON exporter (<c>*-report-full-compressed.json</c>), trimmed to the fields it has.</summary>
    public const string BenchmarkDotNetJson = """
        {"Title":"Fledger.Benchmarks.BrokerBenchmarks-20261125-180000","HostEnvironmentInfo":{"BenchmarkDotNetVersion":"0.15.8"},
         "Benchmarks":[
          {"DisplayInfo":"BrokerBenchmarks.'raw Channel<T> hop': ShortRun","Namespace":"Fledger.Benchmarks","Type":"BrokerBenchmarks",
           "Method":"RawChannelHop","MethodTitle":"'raw Channel<T> hop'","Parameters":"",
           "Statistics":{"N":3,"Min":19.0,"Mean":19.25,"Median":19.2,"Max":19.5},
           "Memory":{"Gen0Collections":0,"Gen1Collections":0,"Gen2Collections":0,"TotalOperations":480000,"BytesAllocatedPerOperation":0}},
          {"DisplayInfo":"x","Type":"BrokerBenchmarks","Method":"BrokerEmit","MethodTitle":"'broker, 1 handler, EmitInputAsync'",
           "Statistics":{"Mean":249.5},"Memory":{"BytesAllocatedPerOperation":96}},
          {"Method":"AkkaActor","Statistics":{"Mean":59.0}},
          {"Method":"Failed","Statistics":null}
         ]}
        """;

    /// <summary><c>Fledger.Benchmarks webrtc</c>.</summary>
    public const string WebRtcOutput = """
        DTLS warm-up (certificate + in-process handshake): 310.4 ms
        setup (first connection after warm-up): 45.2 ms
        setup median of 20: 112.0 ms (min 80.5, max 301.7)
        throughput 16 KiB messages: 100 MiB in 4.69 s = 21.3 MiB/s (179 Mbit/s)
        throughput 64 KiB messages: 100 MiB in 1.61 s = 62.1 MiB/s (521 Mbit/s)
        """;

    /// <summary><c>Fledger.InteropBench</c> (stdout).</summary>
    public const string InteropOutput = """

        Setup: median of 10 connections (create peers → channel open on both sides, after one warm-up). Throughput: 20 MiB.

        | pair | mDNS | setup median (ms) | 16 KiB msgs (MB/s) | 64 KiB msgs (MB/s) |
        |---|---|---:|---:|---:|
        | managed offers; data managed → Chromium | on | 90.3 | 11.6 | 18.1 |
        | Chromium offers; data Chromium → managed | off | 79.0 | 7.0 | 8.5 |
        | Chromium ↔ Chromium, one page | off | 14.6 | 12.5 | 12.8 |
        """;

    /// <summary><c>Fledger.SignalLoad --mode latency</c>.</summary>
    public const string SignalLoadOutput = """
        server: pid 4242 at ws://127.0.0.1:5099/signal; client pid 4241
        latency: 1000 nodes announced
            1000 relays/s: sent 10000, received 10000 (100.0 %), p50 5.41 ms, p99 158.20 ms, p99.9 201.33 ms, send failures 0, server errors 0, CPU client 9 % server 12 %
            5000 relays/s: sent 50000, received 48750 (97.5 %), p50 5.10 ms, p99 173.00 ms, p99.9 250.00 ms, send failures 0, server errors 0, CPU client 30 % server 32 %
        """;

    /// <summary><c>Fledger.Benchmarks webrtc</c> followed by <c>webrtc-setup</c>, as later builds print them.</summary>
    public const string WebRtcOutputLater = """
        load average at start: 3.1 2.0 1.5
        throughput 16 KiB messages: 100 MiB in 0.84 s = 118.4 MiB/s (124.2 MB/s, 993 Mbit/s), CPU 1.20 s per 100 MiB (both peers, user+sys), 120 MiB allocated
          sctp: sent 6400 ...
        load average before: 1.0
        warm setup median of 20: 31.5 ms (min 25.0, max 60.2); CPU 12.0 ms per setup (both peers); load average 1.0
        """;

    /// <summary><c>Fledger.SignalLoad --json</c> (later builds), trimmed.</summary>
    public const string SignalLoadJson = """
        {"Machine":"2 cores","LatencyNodes":1000,"Rates":[
          {"Rate":1000,"Sent":5000,"Received":4990,"Delivered":0.998,"P50Ms":1.2,"P99Ms":3.4,"P999Ms":5.6,"MaxMs":9,"ServerCpu":0.25},
          {"Rate":5000,"Sent":25000,"Received":25000,"Delivered":1,"P50Ms":2,"P99Ms":8,"P999Ms":12,"MaxMs":20,"ServerCpu":0.9}],
         "LastRateP99Under50Ms":5000}
        """;
}
