using System.Diagnostics;

namespace Fledger.SignalLoad;

/// <summary>Runs the signaling server as a separate process (its own fd limit) and reads its memory.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static async Task<ServerProcess> StartAsync(string serverDll, int port, int maxConnections)
    {
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
            $"--SignalServer:MaxConnections={maxConnections}",
            "--SignalServer:RateLimitBurst=100000",
            "--SignalServer:RateLimitPerSecond=100000",
            "--SignalServer:ClientTimeout=00:10:00",
            "--SignalServer:NodeTtl=00:30:00",
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_gcServer"] = "0";
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the server.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[server] {e.Data}");
            }
        };
        process.BeginErrorReadLine();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && e.Data.Contains("Application started", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.BeginOutputReadLine();

        // The server logs at Warning, so poll /healthz instead of waiting for a log line (bounded: 60 tries).
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 60; i++)
        {
            try
            {
                if ((await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz"))).IsSuccessStatusCode)
                {
                    return new ServerProcess(process);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.WhenAny(ready.Task, Task.Delay(500));
        }

        process.Kill();
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
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
