using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Fledger.SignalLoad;

/// <summary>Runs the signaling server as a separate process (its own fd limit) and reads its memory.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Pid => _process.Id;

    public int Port { get; }

    /// <summary>
    /// Starts the server on 127.0.0.1 (<paramref name="port"/> 0 = a free port) with its shipped configuration except:
    /// logs at Warning, <c>MaxConnections</c> above the fd limit and a 10 min <c>ClientTimeout</c> (the load nodes send
    /// no SignalR pings while they sit idle).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string serverDll, int port, IEnumerable<KeyValuePair<string, string>> environment)
    {
        if (port == 0)
        {
            using var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            serverDll,
            $"--urls=http://127.0.0.1:{port}",
            "--Serilog:MinimumLevel:Default=Warning",
            "--SignalServer:MaxConnections=30000",
            "--SignalServer:ClientTimeout=00:10:00",
            "--SignalServer:NodeTtl=00:30:00",
        })
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the server.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[server] {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && e.Data.Contains("\"@l\":\"Error\"", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"[server] {e.Data}");
            }
        };
        process.BeginOutputReadLine();

        // The server logs at Warning, so poll /healthz (bounded: 120 tries, 250 ms apart).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        for (var i = 0; i < 120 && !process.HasExited; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"))).IsSuccessStatusCode)
                {
                    return new ServerProcess(process, port);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await timer.WaitForNextTickAsync();
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        throw new InvalidOperationException("The server did not become healthy.");
    }

    /// <summary>Resident set size of the server process in bytes (from /proc).</summary>
    public long ResidentBytes()
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        return 0;
    }

    /// <summary>Kills the server at once (process exit path).</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited or disposed.
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Gone already, or it did not exit in time (nothing more to do from here).
        }

        _process.Dispose();
    }
}
