using System.Diagnostics;

namespace Fledger.Bench.Gossip;

/// <summary>
/// Gossip over real <c>fledger node</c> processes: a signal server process and <c>nodes / perProcess</c> node
/// processes (managed WebRTC on 127.0.0.1). Waits for one connected overlay, then posts chat events one at a time
/// (each from another node) and measures the time from the post until every node holds the event, from the nodes'
/// own JSON lines (wall-clock timestamps of one machine). Reads RSS from <c>/proc</c>, then stops every process
/// (closes stdin; kills what does not exit in time).
/// </summary>
internal sealed class GossipBench(string fledgerDll, string serverDll, TextWriter progress)
{
    private static readonly TimeSpan OverlayDeadline = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan EventDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(20);

    /// <summary>Runs <paramref name="nodes"/> nodes in processes of <paramref name="perProcess"/> and posts <paramref name="events"/> events.</summary>
    public async Task<GossipResult> RunAsync(int nodes, int perProcess, int events, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), $"fledger-bench-gossip-{Guid.NewGuid():N}");
        var observer = new MeshObserver();
        var processes = new List<NodeProcess>();
        await using var server = await SignalServerProcess.StartAsync(serverDll, TimeSpan.FromSeconds(60), cancellationToken);
        try
        {
            var total = Stopwatch.StartNew();

            // Start at most one process per core at a time (each JIT-compiles and generates its keys and certificate).
            var counts = Enumerable.Range(0, (nodes + perProcess - 1) / perProcess).Select(i => Math.Min(perProcess, nodes - (i * perProcess))).ToList();
            using var starting = new SemaphoreSlim(Math.Max(1, Environment.ProcessorCount));
            var ready = new List<Task>();
            for (var i = 0; i < counts.Count; i++)
            {
                await starting.WaitAsync(cancellationToken);
                var process = NodeProcess.Start(fledgerDll, server.HubUri, Path.Combine(root, $"p{i}"), i, counts[i], observer);
                processes.Add(process);
                ready.Add(process.Ready.WaitAsync(StartDeadline, cancellationToken).ContinueWith(t => starting.Release(), TaskScheduler.Default));
            }

            await Task.WhenAll(ready);
            var failed = processes.FirstOrDefault(p => !p.Ready.IsCompletedSuccessfully);
            if (failed is not null)
            {
                throw new InvalidOperationException($"node process {failed.Index} did not start: {failed.Ready.Exception?.InnerException?.Message ?? "timed out"}");
            }

            var started = total.Elapsed;
            progress.WriteLine($"    {nodes} nodes in {processes.Count} processes ready after {started.TotalSeconds:0.0} s");
            if (!await observer.WaitAsync(() => observer.IsOverlayConnected(nodes), OverlayDeadline, cancellationToken))
            {
                throw new TimeoutException($"the overlay of {nodes} nodes was not one connected graph within {OverlayDeadline.TotalSeconds:0} s (degrees: {string.Join(' ', observer.Degrees())})");
            }

            var formed = total.Elapsed;
            var degrees = observer.Degrees();
            progress.WriteLine($"    overlay connected after {(formed - started).TotalSeconds:0.0} s more; degree avg {degrees.Average():0.0}");

            var cpuBefore = processes.Sum(p => p.CpuSeconds());
            var eventsWatch = Stopwatch.StartNew();
            var latencies = new List<double>();
            var run = Guid.NewGuid().ToString("N")[..8];
            for (var e = 0; e < events; e++)
            {
                var from = processes[e * 7 % processes.Count];
                var text = $"bench-{run}-{e}";
                from.Post(e % counts[from.Index], text);
                if (await observer.WaitAsync(() => observer.TimeToAllMs(text, nodes) is not null, EventDeadline, cancellationToken))
                {
                    latencies.Add(observer.TimeToAllMs(text, nodes)!.Value);
                }
                else
                {
                    progress.WriteLine($"    event {e} reached {observer.HolderCount(text)} of {nodes} nodes within {EventDeadline.TotalSeconds:0} s");
                }
            }

            var eventsSeconds = eventsWatch.Elapsed.TotalSeconds;
            var cpu = processes.Sum(p => p.CpuSeconds()) - cpuBefore;
            var rss = processes.Select(p => p.RssKiB()).ToList();
            var serverRss = server.RssKiB();
            var stops = await Task.WhenAll(processes.Select(p => p.StopAsync(StopDeadline)));
            return new GossipResult(nodes, processes.Count, perProcess, started.TotalSeconds, (formed - started).TotalSeconds, degrees, latencies, events, rss, serverRss, cpu, eventsSeconds, stops.Count(s => s));
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }

            TryDelete(root);
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // Temporary identities; leaving them is harmless.
        }
    }
}
