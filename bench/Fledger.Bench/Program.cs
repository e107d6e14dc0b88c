using System.Diagnostics;
using System.Runtime.InteropServices;
using Fledger.Bench;
using Fledger.Bench.Parts;
using Fledger.Bench.Report;

// The one-run benchmark of Fledger.NET: runs every part in sequence (each bounded in time) and writes
// bench-results/<timestamp>.md and .json. Normally started by scripts/bench.sh, which builds everything first and
// runs this inside a network namespace when it can (for the Chromium part). See docs/benchmarks.md.
var options = BenchOptions.Parse(args, Directory.GetCurrentDirectory(), out var error);
if (options is null || args.Contains("--help") || args.Contains("-h"))
{
    Console.Error.WriteLine(options is null ? $"Fledger.Bench: error: {error}" : string.Empty);
    Console.Error.WriteLine(BenchOptions.Usage);
    return options is null ? 2 : 0;
}

// Ctrl-C and SIGTERM (e.g. `timeout`) stop the running part, which kills its child processes; the report of what
// ran so far is still written.
using var interrupt = new CancellationTokenSource();
using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

IBenchPart[] all = [new BrokerPart(), new WebRtcPart(), new InteropPart(), new SignalPart(), new MeshPart(), new GossipPart()];
var started = DateTimeOffset.UtcNow;
var loadAtStart = MachineInfo.LoadAverage();
var scratch = Path.Combine(Path.GetTempPath(), $"fledger-bench-{started:yyyyMMdd-HHmmss}-{Environment.ProcessId}");
Directory.CreateDirectory(scratch);
var context = new BenchContext(options, scratch, Console.Error);
var results = new List<PartResult>();
var total = Stopwatch.StartNew();
try
{
    foreach (var part in all.Where(p => options.Parts.Contains(p.Name)))
    {
        interrupt.Token.ThrowIfCancellationRequested();
        Console.Error.WriteLine($"== {part.Name}: {part.Title} (load average {MachineInfo.LoadAverage()})");
        var result = await part.RunAsync(context, interrupt.Token);
        Console.Error.WriteLine($"== {part.Name}: {result.Status} in {result.Seconds:0} s{(result.Note.Length > 0 ? $" — {result.Note}" : string.Empty)}");
        results.Add(result);
    }
}
catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
{
    Console.Error.WriteLine("interrupted: writing what ran so far");
}
finally
{
    try
    {
        Directory.Delete(scratch, recursive: true);
    }
    catch (IOException)
    {
        // Temporary files; harmless when left.
    }
}

var command = Environment.GetEnvironmentVariable("FLEDGER_BENCH_COMMAND") is { Length: > 0 } given ? given : "scripts/bench.sh " + string.Join(' ', args);
var report = new BenchReport(started, total.Elapsed.TotalSeconds, MachineInfo.Collect(), loadAtStart, MachineInfo.LoadAverage(), command.Trim(), results);
Directory.CreateDirectory(options.OutputDirectory);
var stem = Path.Combine(options.OutputDirectory, $"{started:yyyy-MM-dd-HHmmss}");
var markdown = report.ToMarkdown();
await File.WriteAllTextAsync(stem + ".md", markdown);
await File.WriteAllTextAsync(stem + ".json", report.ToJson());
Console.WriteLine(markdown);
Console.WriteLine($"Written: {stem}.md and {stem}.json");
return results.All(r => r.Status is PartStatus.Ok or PartStatus.Skipped) ? 0 : 1;

void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    interrupt.Cancel();
}
