using Fledger.SignalServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Fledger.ScaleOut.Tests.Infrastructure;

/// <summary>A real signaling server (Kestrel, in-process) on 127.0.0.1, built by <see cref="SignalServerApp"/>.</summary>
public sealed class ServerHost : IAsyncDisposable
{
    private bool _stopped;

    private ServerHost(WebApplication app, int port)
    {
        App = app;
        BaseUri = new Uri($"http://127.0.0.1:{port}");
        HubUri = new Uri(BaseUri, "/signal");
    }

    public WebApplication App { get; }

    public Uri BaseUri { get; }

    public Uri HubUri { get; }

    public T Get<T>()
        where T : notnull => App.Services.GetRequiredService<T>();

    public static async Task<ServerHost> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            "--Serilog:MinimumLevel:Default=Warning",
            "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Error",
        };
        foreach (var (key, value) in settings)
        {
            args.Add($"--SignalServer:{key}={value}");
        }

        var app = SignalServerApp.Create([.. args]);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ServerHost(app, new Uri(address).Port);
    }

    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await App.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await App.DisposeAsync();
    }
}
