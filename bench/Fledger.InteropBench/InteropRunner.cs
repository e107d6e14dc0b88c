using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;

namespace Fledger.InteropBench;

/// <summary>Setup time and throughput between the managed stack and one Chromium page.</summary>
internal sealed class InteropRunner(IPage page, PageSignals signals)
{
    /// <summary>The page's candidate routing.</summary>
    public PageSignals Signals => signals;

    private const int HighWaterMark = 4 * 1024 * 1024;
    private static readonly bool Trace = Environment.GetEnvironmentVariable("FLEDGER_INTEROP_TRACE") == "1";
    private static readonly bool ThreadCpuTrace = Environment.GetEnvironmentVariable("FLEDGER_INTEROP_THREADS") == "1";
    private static readonly TimeSpan TransferTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The managed peer's setup phases of each measured connection of the last <see cref="SetupMedianAsync"/>.</summary>
    public List<Fledger.WebRtc.PeerConnection.RtcSetupTimings> LastSetupTimings { get; } = [];

    /// <summary>Per measured connection of the last <see cref="SetupMedianAsync"/>: when each side's channel opened.</summary>
    public List<(TimeSpan Managed, TimeSpan Chromium)> LastOpenTimes { get; } = [];

    /// <summary>Per measured connection of the last <see cref="SetupMedianAsync"/>: the setup and its signaling transit.</summary>
    public List<SetupTime> LastSetups { get; } = [];

    /// <summary>Median milliseconds from creating both peers until the channel is open on both sides.</summary>
    public async Task<double> SetupMedianAsync(int runs, bool managedOffers)
    {
        // One warm-up connection: JIT, certificate and the page's first-use costs do not count.
        await using (var _ = (await InteropLink.ConnectAsync(page, signals, managedOffers)).Link)
        {
        }

        var times = new double[runs];
        LastSetupTimings.Clear();
        LastOpenTimes.Clear();
        LastSetups.Clear();
        for (var i = 0; i < runs; i++)
        {
            var (link, setup) = await InteropLink.ConnectAsync(page, signals, managedOffers);
            times[i] = setup.Total.TotalMilliseconds;
            LastSetups.Add(setup);
            LastSetupTimings.Add(link.Managed.SetupTimings);
            LastOpenTimes.Add((link.ManagedOpenAfter, link.ChromiumOpenAfter));
            if (Trace)
            {
                // To line up with a packet capture (tcpdump -i lo inside the namespace): wall clock of the managed peer's creation.
                var t = link.Managed.SetupTimings;
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"trace: managed offers {managedOffers}, managed peer created {link.CreatedWall:HH:mm:ss.ffffff}, setup {setup.Total.TotalMilliseconds:0.00}, signaling {setup.Signaling.TotalMilliseconds:0.00}, remote desc {t.RemoteDescriptionSet?.TotalMilliseconds:0.00}, ICE {t.IceConnected?.TotalMilliseconds:0.00}, handshake start {t.DtlsStarted?.TotalMilliseconds:0.00}, DTLS {t.DtlsConnected?.TotalMilliseconds:0.00}, SCTP {t.SctpEstablished?.TotalMilliseconds:0.00}, open {t.ChannelOpen?.TotalMilliseconds:0.00}"));
            }
            await link.DisposeAsync();
        }
        Array.Sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[(runs / 2) - 1] + times[runs / 2]) / 2;
    }

    /// <summary>
    /// Median of (page wall clock − midpoint of the .NET wall clock around the evaluation that read it), in ms: how far
    /// apart the two clocks the managed setups compare are (expected well under the half round trip).
    /// </summary>
    public async Task<double> ClockOffsetMedianAsync(int runs)
    {
        var offsets = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var before = WallClock.NowMs();
            var pageNow = await page.EvaluateAsync<double>("() => ib.wallNow()").WaitAsync(TransferTimeout);
            offsets[i] = pageNow - ((before + WallClock.NowMs()) / 2);
        }
        Array.Sort(offsets);
        return offsets[runs / 2];
    }

    /// <summary>
    /// Median milliseconds of one no-op Playwright evaluation: the managed setups relay the descriptions through one
    /// round trip of this kind, which the in-page Chromium ↔ Chromium setup does not pay.
    /// </summary>
    public async Task<double> RoundTripMedianAsync(int runs)
    {
        var times = new double[runs];
        for (var i = -5; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await page.EvaluateAsync<int>("() => 0").WaitAsync(TransferTimeout);
            if (i >= 0)
            {
                // The first five are warm-up.
                times[i] = clock.Elapsed.TotalMilliseconds;
            }
        }
        Array.Sort(times);
        return runs % 2 == 1 ? times[runs / 2] : (times[(runs / 2) - 1] + times[runs / 2]) / 2;
    }

    /// <summary>
    /// MB/s (10^6 bytes) moving <paramref name="totalBytes"/> in <paramref name="messageSize"/> messages, and the CPU time
    /// (user + sys) this process (the managed peer) spent meanwhile, scaled to 100 MiB.
    /// </summary>
    /// <param name="totalBytes">Bytes to move.</param>
    /// <param name="messageSize">Bytes per message.</param>
    /// <param name="managedSends">True: managed → Chromium; false: Chromium → managed.</param>
    public async Task<(double MBps, double CpuPer100MiB)> ThroughputAsync(long totalBytes, int messageSize, bool managedSends)
    {
        var (link, _) = await InteropLink.ConnectAsync(page, signals, managedOffers: managedSends);
        await using (link)
        {
            var clock = new Stopwatch();
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var threads = ThreadCpuTrace ? ThreadCpu.Start() : null;
            var sctpBefore = link.Managed.GetStats().Sctp;
            if (managedSends)
            {
                await link.EvalAsync<bool>("a => ib.arm(a)", new object[] { link.ChromiumChannel, totalBytes });
                var message = new byte[messageSize];
                clock.Start();
                for (long sent = 0; sent < totalBytes; sent += messageSize)
                {
                    await link.ManagedChannel.SendAsync(message, HighWaterMark).WaitAsync(TransferTimeout);
                }
                await page.EvaluateAsync<double>("c => ib.waitReceived(c)", link.ChromiumChannel).WaitAsync(TransferTimeout);
            }
            else
            {
                var received = link.ArmManagedReceive(totalBytes);
                clock.Start();
                await page.EvaluateAsync<double>("a => ib.send(a)", new object[] { link.ChromiumChannel, totalBytes, messageSize })
                    .WaitAsync(TransferTimeout);
                await received.WaitAsync(TransferTimeout);
            }
            var elapsed = clock.Elapsed;
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds * (100.0 * 1024 * 1024 / totalBytes);
            if (threads is not null)
            {
                Console.Error.WriteLine($"   threads (CPU s/100 MiB by name): {threads.Format(100.0 * 1024 * 1024 / totalBytes)}");
                var after = link.Managed.GetStats().Sctp;
                if (sctpBefore is not null && after is not null)
                {
                    var perMiB = 1024.0 * 1024 / totalBytes * 100;
                    Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"   SCTP per 100 MiB: packets sent {(after.PacketsSent - sctpBefore.PacketsSent) * perMiB:0}, received {(after.PacketsReceived - sctpBefore.PacketsReceived) * perMiB:0}, DATA sent {(after.DataChunksSent - sctpBefore.DataChunksSent) * perMiB:0}, DATA received {(after.DataChunksReceived - sctpBefore.DataChunksReceived) * perMiB:0}, retransmissions {after.Retransmissions - sctpBefore.Retransmissions}"));
                }
            }
            return (totalBytes / elapsed.TotalSeconds / 1e6, cpu);
        }
    }
}
