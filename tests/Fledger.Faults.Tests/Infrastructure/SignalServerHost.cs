using Fledger.SignalServer.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Fledger.Faults.Tests.Infrastructure;

/// <summary>A real signaling server (Kestrel) on 127.0.0.1 for one test or fixture.</summary>
public sealed class SignalServerHost : IAsyncDisposable
{
    private SignalServerHost(WebApplication app, int port)
    {
        App = app;
        Port = port;
        BaseUri = new Uri($"http://127.0.0.1:{port}");
        HubUri = new Uri(BaseUri, "/signal");
    }

    public WebApplication App { get; }

    public int Port { get; }

    public Uri BaseUri { get; }

    public Uri HubUri { get; }

    public static async Task<SignalServerHost> StartAsync(
        IReadOnlyDictionary<string, string>? settings = null,
        TimeProvider? time = null,
        int port = 0)
    {
        var args = new List<string>
        {
            $"--urls=http://127.0.0.1:{port}",
            "--Serilog:MinimumLevel:Default=Warning",
            "--Serilog:MinimumLevel:Override:Microsoft.AspNetCore=Error",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            args.Add($"--SignalServer:{key}={value}");
        }

        var app = SignalServerApp.Create([.. args], builder =>
        {
            if (time is not null)
            {
                builder.Services.AddSingleton(time);
            }
        });
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SignalServerHost(app, new Uri(address).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await App.DisposeAsync();
    }
}
