using Fledger.Cli.Hosting;
using Serilog;

namespace Fledger.Cli.Tests.Infrastructure;

/// <summary>A real signal server on 127.0.0.1 (a free port) for one test.</summary>
internal static class TestServer
{
    public static Task<InProcessSignalServer> StartAsync()
        => InProcessSignalServer.StartAsync(0, new LoggerConfiguration().MinimumLevel.Error().CreateLogger(), CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(30));
}
