using System.Buffers.Binary;
using System.Diagnostics;
using Fledger.Net.WebRtc;

namespace Fledger.WebNode.Services;

/// <summary>
/// Checks the browser <see cref="IWebRtcPeer"/> inside the page: connect, message sizes both ways, ordering,
/// back-pressure, stats and close. Shown on the diagnostics page and driven by the browser tests.
/// </summary>
public sealed class WebRtcSelfTest(IWebRtcPeerFactory factory, TimeProvider time)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Runs every check; returns one line per check.</summary>
    public async Task<IReadOnlyList<SelfTestResult>> RunAsync(CancellationToken cancellationToken)
    {
        var results = new List<SelfTestResult>();
        var pair = new InPagePeerPair(factory, time);
        await using (pair)
        {
            await StepAsync(results, "connect", async () =>
            {
                await pair.ConnectAsync(cancellationToken);
                return $"max message size {pair.Offerer.Peer.MaxMessageSize}";
            });
            if (!results[^1].Passed)
            {
                return results;
            }
            await StepAsync(results, "sizes offerer->answerer", () => SizesAsync(pair.Offerer, pair.Answerer, cancellationToken));
            await StepAsync(results, "sizes answerer->offerer", () => SizesAsync(pair.Answerer, pair.Offerer, cancellationToken));
            await StepAsync(results, "1000 ordered", () => OrderedAsync(pair.Offerer, pair.Answerer, cancellationToken));
            await StepAsync(results, "back-pressure 4 MiB", () => BulkAsync(pair.Offerer, pair.Answerer, cancellationToken));
            await StepAsync(results, "stats", () => StatsAsync(pair.Offerer, cancellationToken));
            await StepAsync(results, "close seen by peer", async () =>
            {
                await pair.Answerer.Peer.DisposeAsync();
                var state = await pair.Offerer.Ended.Task.WaitAsync(StepTimeout, time, cancellationToken);
                return state == PeerConnectionState.Closed ? "closed" : throw new SelfTestException($"ended {state}");
            });
        }
        return results;
    }

    private async Task StepAsync(List<SelfTestResult> results, string name, Func<Task<string>> step)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var detail = await step();
            results.Add(new SelfTestResult(name, true, detail, watch.Elapsed.TotalMilliseconds));
        }
        catch (Exception e) when (e is SelfTestException or TimeoutException or InvalidOperationException
            or Microsoft.JSInterop.JSException)
        {
            results.Add(new SelfTestResult(name, false, e.Message, watch.Elapsed.TotalMilliseconds));
        }
    }

    private async Task<string> SizesAsync(InPagePeerPair.Side from, InPagePeerPair.Side to, CancellationToken cancellationToken)
    {
        int[] sizes = [0, 1, 16 * 1024, 64 * 1024, from.Peer.MaxMessageSize];
        foreach (var size in sizes)
        {
            var sent = Pattern(size, size + 5);
            await from.Peer.SendAsync(sent, cancellationToken);
            var received = await ReceiveAsync(to, cancellationToken);
            if (!received.Span.SequenceEqual(sent))
            {
                throw new SelfTestException($"{size} B message arrived as {received.Length} B with different content");
            }
        }
        return string.Join(", ", sizes.Select(s => $"{s} B"));
    }

    private async Task<string> OrderedAsync(InPagePeerPair.Side from, InPagePeerPair.Side to, CancellationToken cancellationToken)
    {
        const int count = 1000;
        var message = new byte[4];
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(message, i);
            await from.Peer.SendAsync(message, cancellationToken);
        }
        for (var i = 0; i < count; i++)
        {
            var received = await ReceiveAsync(to, cancellationToken);
            var index = received.Length == 4 ? BinaryPrimitives.ReadInt32LittleEndian(received.Span) : -1;
            if (index != i)
            {
                throw new SelfTestException($"message {i} arrived as {index}");
            }
        }
        return $"{count} in order";
    }

    private async Task<string> BulkAsync(InPagePeerPair.Side from, InPagePeerPair.Side to, CancellationToken cancellationToken)
    {
        const int count = 64;
        var message = Pattern(64 * 1024, 9);
        var watch = Stopwatch.StartNew();
        var receiving = Task.Run(async () =>
        {
            long bytes = 0;
            for (var i = 0; i < count; i++)
            {
                bytes += (await ReceiveAsync(to, cancellationToken)).Length;
            }
            return bytes;
        }, cancellationToken);
        for (var i = 0; i < count; i++)
        {
            await from.Peer.SendAsync(message, cancellationToken);
        }
        var total = await receiving;
        if (total != (long)count * message.Length)
        {
            throw new SelfTestException($"received {total} B of {count * message.Length}");
        }
        return $"{total / watch.Elapsed.TotalSeconds / 1e6:0.0} MB/s";
    }

    private static async Task<string> StatsAsync(InPagePeerPair.Side side, CancellationToken cancellationToken)
    {
        var stats = await side.Peer.GetStatsAsync(cancellationToken);
        var ok = stats is
        {
            Connection: PeerConnectionState.Connected, Dtls: DtlsState.Connected, Sctp: SctpState.Connected,
            BytesSent: > 0, BytesReceived: > 0,
        } && stats.LocalCandidate != CandidateType.Unknown && stats.RemoteCandidate != CandidateType.Unknown;
        var detail = $"{stats.Connection} ice {stats.Ice} dtls {stats.Dtls} sctp {stats.Sctp} "
            + $"{stats.LocalCandidate}/{stats.RemoteCandidate} sent {stats.BytesSent} received {stats.BytesReceived} "
            + $"rtt {stats.RoundTripTime?.TotalMilliseconds:0.0} ms";
        return ok ? detail : throw new SelfTestException(detail);
    }

    private async Task<ReadOnlyMemory<byte>> ReceiveAsync(InPagePeerPair.Side side, CancellationToken cancellationToken) =>
        await side.Messages.ReadAsync(cancellationToken).AsTask().WaitAsync(StepTimeout, time, cancellationToken);

    private static byte[] Pattern(int size, int seed)
    {
        var bytes = new byte[size];
        for (var i = 0; i < size; i++)
        {
            bytes[i] = (byte)((i * 7) + seed);
        }
        return bytes;
    }
}
