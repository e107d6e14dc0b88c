using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fledger.Bench.Gossip;

/// <summary>The signal server (<c>Fledger.SignalServer.dll</c>) as a child process on 127.0.0.1 and a free port.</summary>
internal sealed class SignalServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SignalServerProcess(Process process, int port)
    {
        _process = process;
        HubUri = new Uri($"http://127.0.0.1:{port}/signal");
    }

    public Uri HubUri { get; }

    public int Pid => _process.Id;

    /// <summary>Starts the server and waits (at most <paramref name="timeout"/>) until <c>/healthz</c> answers.</summary>
    public static async Task<SignalServerProcess> StartAsync(string serverDll, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { serverDll, $"--urls=http://127.0.0.1:{port}", "--Serilog:MinimumLevel:Default=Warning" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new SignalServerProcess(process, port);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var watch = Stopwatch.StartNew();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (watch.Elapsed < timeout && !process.HasExited)
        {
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"), cancellationToken)).IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                // Not listening yet, or too slow to answer this probe (a cold process on a loaded machine: the
                // HttpClient timeout surfaces as TaskCanceledException): probe again on the next tick (an external
                // process gives no other signal).
            }

            await tick.WaitForNextTickAsync(cancellationToken);
        }

        await server.DisposeAsync();
        throw new InvalidOperationException($"the signal server did not answer /healthz within {timeout.TotalSeconds:0} s");
    }

    public long RssKiB() => ProcStatus.RssKiB(_process.Id);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
