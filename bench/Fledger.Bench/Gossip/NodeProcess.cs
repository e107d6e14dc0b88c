using System.Diagnostics;
using System.Text;

namespace Fledger.Bench.Gossip;

/// <summary>
/// One <c>fledger node --json-events</c> process hosting one or more nodes: its JSON lines go to a <see cref="MeshObserver"/>,
/// posts are written to its stdin. Stopping closes stdin (the node leaves the signal server and exits); a process
/// that does not exit in time is killed, as is any process still running when this object is disposed.
/// </summary>
internal sealed class NodeProcess : IAsyncDisposable
{
    private const int MaxErrorChars = 16 * 1024;

    private readonly Process _process;
    private readonly StringBuilder _errors = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _nodes;
    private readonly Lock _stdin = new();
    private int _readyNodes;

    private NodeProcess(Process process, int index, int nodes, MeshObserver observer)
    {
        _process = process;
        _nodes = nodes;
        Index = index;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && GossipLine.TryParse(e.Data) is { } line)
            {
                observer.Observe(index, line);
                if (line.Type == "ready" && Interlocked.Increment(ref _readyNodes) == _nodes)
                {
                    _ready.TrySetResult();
                }
            }
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                if (e.Data is not null && _errors.Length < MaxErrorChars)
                {
                    _errors.AppendLine(e.Data);
                }
            }
        };
        _process.Exited += (_, _) => _ready.TrySetException(new InvalidOperationException($"node process {index} exited ({SafeExitCode()}) before it was ready: {Errors}"));
    }

    /// <summary>This process's number in the run.</summary>
    public int Index { get; }

    public int Pid => _process.Id;

    /// <summary>Completes when all its nodes printed <c>ready</c> (faults when the process exits first).</summary>
    public Task Ready => _ready.Task;

    /// <summary>What the process wrote on stderr (capped).</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return _errors.ToString();
            }
        }
    }

    /// <summary>Starts <c>dotnet FLEDGER_DLL node …</c> with <paramref name="nodes"/> nodes in <paramref name="dataDirectory"/>.</summary>
    public static NodeProcess Start(string fledgerDll, Uri signal, string dataDirectory, int index, int nodes, MeshObserver observer)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[]
        {
            fledgerDll, "node", "--signal", signal.ToString(), "--loopback", "--json-events", "--quiet",
            "--nodes", nodes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--data-dir", dataDirectory, "--name", $"bench{index}", "--timeout", "120",
        })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.Start();
        var node = new NodeProcess(process, index, nodes, observer);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>Asks node <paramref name="node"/> of this process to post <paramref name="text"/>.</summary>
    public void Post(int node, string text)
    {
        lock (_stdin)
        {
            // A short line into a pipe: does not block while the process reads its stdin.
            _process.StandardInput.WriteLine($"post:{node} {text}");
            _process.StandardInput.Flush();
        }
    }

    /// <summary>Resident set of the process now, KiB.</summary>
    public long RssKiB() => ProcStatus.RssKiB(_process.Id);

    /// <summary>CPU seconds the process used so far.</summary>
    public double CpuSeconds() => ProcStatus.CpuSeconds(_process.Id);

    /// <summary>Closes stdin and waits for a clean exit; kills the process when it takes longer than <paramref name="timeout"/>. True when it exited by itself with code 0.</summary>
    public async Task<bool> StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return _process.ExitCode == 0;
        }

        try
        {
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The process already went away.
        }

        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return _process.ExitCode == 0;
        }
        catch (TimeoutException)
        {
            Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _process.Dispose();
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    private string SafeExitCode()
    {
        try
        {
            return _process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }
}
