using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Fledger.WebRtc.DataChannels;
using Fledger.WebRtc.Sctp;
using Fledger.WebRtc.Transport;

namespace Fledger.Benchmarks;

/// <summary>
/// Throughput of one reliable ordered data channel over a lossless in-memory <see cref="SimulatedLink"/>:
/// each operation moves <see cref="TotalBytes"/> (100 MiB); MB/s = 104.9 / (mean seconds).
/// Run: <c>dotnet run -c Release --project bench/Fledger.Benchmarks -- --filter *DataChannelThroughput*</c>.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DataChannelThroughputBenchmarks
{
    /// <summary>Bytes moved per operation.</summary>
    public const long TotalBytes = 100L * 1024 * 1024;

    private SimulatedLink? _link;
    private SctpAssociation? _a;
    private SctpAssociation? _b;
    private RtcDataChannel? _sender;
    private RtcDataChannel? _receiver;
    private byte[] _payload = [];
    private long _received;
    private long _target;
    private TaskCompletionSource? _done;

    /// <summary>Message size in bytes.</summary>
    [Params(16 * 1024, 64 * 1024)]
    public int MessageSize { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _link = new SimulatedLink(new SimulatedLinkOptions { QueueCapacity = 100_000 });
        _a = new SctpAssociation(_link.A);
        _b = new SctpAssociation(_link.B);
        var managerA = new DataChannelManager(_a, isDtlsClient: true);
        var managerB = new DataChannelManager(_b, isDtlsClient: false);
        var remote = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
        managerB.DataChannelOpened += c => remote.TrySetResult(c);
        Task.WhenAll(_a.ConnectAsync(), _b.ConnectAsync()).WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        _sender = managerA.CreateDataChannel("bench");
        _receiver = remote.Task.WaitAsync(TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        _receiver.MessageReceived += (_, m) =>
        {
            if ((_received += m.Data.Length) >= _target)
            {
                _done?.TrySetResult();
            }
        };
        _payload = new byte[MessageSize];
        Random.Shared.NextBytes(_payload);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _a?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _b?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _link?.Dispose();
    }

    /// <summary>Sends 100 MiB in <see cref="MessageSize"/> messages and waits until all arrived.</summary>
    [Benchmark]
    public async Task SendReliableOrdered()
    {
        _received = 0;
        _target = TotalBytes / MessageSize * MessageSize;
        _done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (long sent = 0; sent < _target; sent += MessageSize)
        {
            await _sender!.SendAsync(_payload, highWaterMark: 4 * 1024 * 1024);
        }

        await _done.Task.WaitAsync(TimeSpan.FromSeconds(120));
    }
}
