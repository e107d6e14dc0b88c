using BenchmarkDotNet.Running;
using Fledger.Benchmarks;

if (args is ["webrtc", ..])
{
    await WebRtcStopwatchBenchmark.RunAsync(Console.Out);
    return;
}

if (args is ["broker-cpu", ..])
{
    await BrokerCpuBenchmark.RunAsync(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
