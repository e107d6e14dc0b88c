using BenchmarkDotNet.Running;
using Fledger.Benchmarks;

if (args is ["webrtc-cold", ..])
{
    await WebRtcSetupBenchmark.RunColdAsync(Console.Out, warmUpFirst: args.Contains("--warm-up"));
    return;
}

if (args is ["dtls-handshake", ..])
{
    await DtlsHandshakeBenchmark.RunAsync(Console.Out);
    return;
}

if (args is ["webrtc-setup", ..])
{
    await WebRtcSetupBenchmark.RunAsync(Console.Out);
    return;
}

if (args is ["webrtc", ..])
{
    await WebRtcStopwatchBenchmark.RunAsync(
        Console.Out,
        throughputOnly: args is [_, "throughput", ..],
        onlySizeKiB: args is [_, "throughput", var kib, ..] && int.TryParse(kib, out var size) ? size : null);
    return;
}

if (args is ["broker-cpu", "--case", var index])
{
    await BrokerCpuBenchmark.RunCaseAsync(int.Parse(index, System.Globalization.CultureInfo.InvariantCulture), Console.Out);
    return;
}

if (args is ["broker-cpu", ..])
{
    await BrokerCpuBenchmark.RunAsync(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
