// Managed (Fledger.WebRtc) <-> Chromium data-channel benchmark, next to Chromium <-> Chromium (two peers in one page).
// Run inside the test network namespace:  ./scripts/in-netns.sh dotnet run -c Release --project bench/Fledger.InteropBench
// Managed setups relay signaling through one Playwright round trip (see InteropLink.ConnectAsync).
// Options: --setups N (default 20), --mib N (default 100), --mdns on|off|both (default both), --setup-only (setup rows
// only: no warm-up transfers, no throughput; about 20 s per mDNS mode).
// FLEDGER_INTEROP_TRACE=1 prints each measured setup's managed phases with the wall clock of the managed peer's creation.
// FLEDGER_INTEROP_THREADS=1 prints, per throughput run (warm-ups included), the managed process's CPU by thread name
// (from /proc/self/task) and its SCTP packet counts, both per 100 MiB.
// Host knob set in the csproj (as in Fledger.Benchmarks and the CLI node, so rows stay comparable):
// System.Threading.ThreadPool.UnfairSemaphoreSpinLimit=0 (idle thread-pool workers don't spin in sched_yield between
// packets). DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS no longer matters: ICE receives on its own blocking thread.
using System.Globalization;
using Fledger.BrowserBench;
using Fledger.InteropBench;

const long WarmUpBytes = 12L * 1024 * 1024;
var setupOnly = args.Contains("--setup-only");
var options = BenchOptions.Parse(args.Where(a => a != "--setup-only").ToArray());
var loadAtStart = LoadAverage();
var rows = new List<string>();
var roundTrips = new List<string>();
var phaseLines = new List<string>();
await using var site = await BenchSite.StartAsync(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
foreach (var mdns in options.MdnsModes)
{
    var mode = mdns ? "on" : "off";
    Console.Error.WriteLine($"== Chromium, mDNS {mode}");
    await using var browser = await BenchBrowser.LaunchAsync(mdns);
    var page = await browser.OpenAsync(site.Url("interop.html"));
    var interop = new InteropRunner(page, await PageSignals.AttachAsync(page));
    var roundTrip = await interop.RoundTripMedianAsync(options.Setups);
    var clockOffset = await interop.ClockOffsetMedianAsync(options.Setups);
    roundTrips.Add(string.Create(CultureInfo.InvariantCulture, $"{roundTrip:0.00} ms (mDNS {mode}; page − .NET wall clock {clockOffset:+0.00;-0.00} ms)"));
    // Warm-up transfers (not measured), each direction and message size: the first measured row otherwise pays most of
    // the tiered JIT's background compilation of the data path (about 1 s of CPU on the ".NET Tiered Compilation" thread).
    foreach (var managedSends in setupOnly ? [] : new[] { true, false })
    {
        foreach (var size in new[] { 16 * 1024, 64 * 1024 })
        {
            await interop.ThroughputAsync(WarmUpBytes, size, managedSends);
        }
    }

    foreach (var managedOffers in new[] { true, false })
    {
        var name = managedOffers ? "managed offers; data managed → Chromium" : "Chromium offers; data Chromium → managed";
        await interop.SetupMedianAsync(options.Setups, managedOffers);
        var setup = SetupTime.Medians(interop.LastSetups);
        Console.Error.WriteLine($"   {name}: setup median {setup.Total:0.0} ms (signaling transit {setup.Signaling:0.0} ms, without it {setup.WithoutSignaling:0.0} ms)");
        phaseLines.Add($"{name}, mDNS {mode}: {SetupPhases.FormatOpen(interop.LastOpenTimes)}; {SetupPhases.Format(interop.LastSetupTimings)}; {SetupPhases.FormatSteps(interop.LastSetupTimings)}");
        var rates = new List<string>();
        foreach (var size in setupOnly ? [] : new[] { 16 * 1024, 64 * 1024 })
        {
            var (mbps, cpu) = await interop.ThroughputAsync(options.MiB * 1024L * 1024, size, managedSends: managedOffers);
            Console.Error.WriteLine($"   {size / 1024} KiB messages: {mbps:0.0} MB/s, managed CPU {cpu:0.00} s/100 MiB");
            rates.Add(string.Create(CultureInfo.InvariantCulture, $"{mbps:0.0} ({cpu:0.00} s)"));
        }
        rows.Add(Row(name, mode, setup, rates));
    }

    var secondPage = await browser.OpenAsync(site.Url("interop.html"));
    var relay = new ChromiumRelayRunner(page, interop.Signals, secondPage, await PageSignals.AttachAsync(secondPage));
    var relaySetup = SetupTime.Medians(await relay.SetupsAsync(options.Setups));
    Console.Error.WriteLine($"   Chromium ↔ Chromium, two pages via the .NET relay: setup {relaySetup.Total:0.0} ms (descriptions' transit {relaySetup.Signaling:0.0} ms)");
    rows.Add(Row("Chromium ↔ Chromium, two pages via the .NET relay", mode, relaySetup, []));

    var chromium = new BenchRunner(page);
    var chromiumSetup = await chromium.SetupMedianAsync(options.Setups);
    var chromiumRates = new List<string>();
    foreach (var size in setupOnly ? [] : new[] { 16 * 1024, 64 * 1024 })
    {
        var mbps = await chromium.ThroughputAsync(options.MiB * 1024L * 1024, size);
        chromiumRates.Add(string.Create(CultureInfo.InvariantCulture, $"{mbps:0.0} (n/a)"));
    }
    Console.Error.WriteLine($"   Chromium ↔ Chromium: setup {chromiumSetup:0.0} ms, {string.Join(" / ", chromiumRates)} MB/s");
    rows.Add(Row("Chromium ↔ Chromium, one page", mode, (chromiumSetup, 0, chromiumSetup), chromiumRates));
}

Console.WriteLine();
Console.WriteLine($"Setup: median of {options.Setups} connections (create peers → channel open on both sides, after one warm-up). "
    + (setupOnly ? "Throughput: not measured (--setup-only). " : $"Throughput: {options.MiB} MiB of binary messages, one reliable ordered channel, MB = 10^6 bytes. ")
    + "Managed rows: from just before the offerer creates its peer (its clock: .NET or page) until the channel is open on both sides "
    + "(each side stamps its own open event; wall clocks compared); they include one Playwright round trip relaying the descriptions "
    + "(one evaluation per description, the page creating its peer in it; managed candidates inside the description, Chromium's pushed "
    + "through a binding nothing waits for) that the in-page Chromium pair does not pay; "
    + $"median no-op evaluation {string.Join(", ", roundTrips)}. "
    + "'Signaling transit' is that relay's share of each setup, measured per setup (managed offers: the evaluation's .NET "
    + "time minus the page's time from receiving the offer to returning the answer; Chromium offers: the page's time from "
    + "returning the offer to receiving the answer minus the .NET time in between; relay row: the offer's and the answer's "
    + "page-to-page transit, Chromium's trickled candidates not subtracted); 'without signaling transit' is the median of "
    + "the per-setup differences: the like-for-like figure next to the in-page pair, which has no signaling transport. "
    + "In brackets: CPU seconds (user + sys) of the managed peer's process per 100 MiB. "
    + $"Load average at start {loadAtStart}, at end {LoadAverage()}.");
Console.WriteLine();
Console.WriteLine("| pair | mDNS | setup median (ms) | signaling transit in it (median ms) | setup without signaling transit (median ms) | 16 KiB msgs MB/s (managed CPU) | 64 KiB msgs MB/s (managed CPU) |");
Console.WriteLine("|---|---|---:|---:|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine(row);
}

Console.WriteLine();
foreach (var line in phaseLines)
{
    Console.WriteLine(line);
}

static string Row(string name, string mode, (double Total, double Signaling, double WithoutSignaling) setup, IReadOnlyList<string> rates) =>
    string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {mode} | {setup.Total:0.0} | {setup.Signaling:0.0} | {setup.WithoutSignaling:0.0} | {(rates.Count > 0 ? rates[0] : "-")} | {(rates.Count > 1 ? rates[1] : "-")} |");

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
