using System.Net.Sockets;
using Fledger.SignalServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Serilog;

namespace Fledger.Cli.Hosting;

/// <summary>The signal server (<see cref="SignalServerApp"/>) hosted inside the CLI process on 127.0.0.1 (<c>fledger demo</c>).</summary>
internal sealed class InProcessSignalServer : IAsyncDisposable
{
    private static readonly TimeSpan StartStopTimeout = TimeSpan.FromSeconds(30);

    private readonly WebApplication _app;

    private InProcessSignalServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        HubUri = new Uri(baseUri, Signaling.SignalUrl.HubPath);
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:8765/</c> (the web node, when the server serves it).</summary>
    public Uri BaseUri { get; }

    /// <summary>The hub URL nodes connect to.</summary>
    public Uri HubUri { get; }

    /// <summary>Starts the server on 127.0.0.1:<paramref name="port"/> (0 = any free port), logging through <paramref name="logger"/>.</summary>
    /// <exception cref="CliException">The port is in use (exit code 1).</exception>
    public static async Task<InProcessSignalServer> StartAsync(int port, Serilog.ILogger logger, CancellationToken cancellationToken)
    {
        var app = SignalServerApp.Create(
            [$"--urls=http://127.0.0.1:{port}"],
            builder => builder.Services.AddSerilog(logger, dispose: false));
        try
        {
            await app.StartAsync(cancellationToken).WaitAsync(StartStopTimeout, cancellationToken);
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            await app.DisposeAsync();
            throw new CliException(ExitCodes.Failure, $"port {port} on 127.0.0.1 is already in use; choose another with --port", ex);
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new InProcessSignalServer(app, new Uri(new Uri(address), "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).WaitAsync(StartStopTimeout);
        await _app.DisposeAsync();
    }
}
