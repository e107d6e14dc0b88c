// Chromium<->Chromium data-channel benchmark: two RTCPeerConnections in one page through fledgerWebRtc.js.
// Run inside the test network namespace:  ./scripts/in-netns.sh dotnet run -c Release --project bench/Fledger.BrowserBench
// Options: --setups N (default 20), --mib N (default 100), --mdns on|off|both (default both).
using System.Globalization;
using Fledger.BrowserBench;

var options = BenchOptions.Parse(args);
var rows = new List<string>();
await using var site = await BenchSite.StartAsync(Path.Combine(AppContext.BaseDirectory, "wwwroot"));
foreach (var mdns in options.MdnsModes)
{
    Console.Error.WriteLine($"== Chromium, mDNS {(mdns ? "on" : "off")}");
    await using var browser = await BenchBrowser.LaunchAsync(mdns);
    var page = await browser.OpenAsync(site.Url("bench.html"));
    var runner = new BenchRunner(page);
    var setup = await runner.SetupMedianAsync(options.Setups);
    Console.Error.WriteLine($"   setup median {setup:0.0} ms over {options.Setups}");
    var results = new List<double>();
    foreach (var size in new[] { 16 * 1024, 64 * 1024 })
    {
        var rate = await runner.ThroughputAsync(options.MiB * 1024L * 1024, size);
        Console.Error.WriteLine($"   {size / 1024} KiB messages: {rate:0.0} MB/s");
        results.Add(rate);
    }
    rows.Add(string.Create(CultureInfo.InvariantCulture,
        $"| Chromium ↔ Chromium, one page | {(mdns ? "on" : "off")} | {setup:0.0} | {results[0]:0.0} | {results[1]:0.0} |"));
}

Console.WriteLine();
Console.WriteLine($"Setup: median of {options.Setups} connections (create peers → channel open on both sides). "
    + $"Throughput: {options.MiB} MiB of binary messages, one reliable ordered channel, MB = 10^6 bytes.");
Console.WriteLine();
Console.WriteLine("| pair | mDNS | setup median (ms) | 16 KiB msgs (MB/s) | 64 KiB msgs (MB/s) |");
Console.WriteLine("|---|---|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine(row);
}
