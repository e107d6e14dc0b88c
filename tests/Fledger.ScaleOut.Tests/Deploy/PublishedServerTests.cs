using System.Diagnostics;
using Fledger.ScaleOut.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Fledger.ScaleOut.Tests.Deploy;

/// <summary>Publishes the signal server for linux-x64 (framework-dependent) and runs it from the publish folder.</summary>
public sealed class PublishedServerTests(ITestOutputHelper output) : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _publishDir = Directory.CreateTempSubdirectory("fledger-publish-").FullName;

    [Fact]
    public async Task Publish_StartFromPublishFolder_HealthzIsHealthy()
    {
        var clock = Stopwatch.StartNew();
        var project = Path.Combine(RepoRoot.Path, "signal-server", "Fledger.SignalServer", "Fledger.SignalServer.csproj");

        // linux-x64, framework-dependent: the form deploy/systemd runs (the Dockerfile publishes portable).
        var (code, log) = await RunAsync("dotnet", ["publish", project, "-c", Configuration, "-r", "linux-x64", "--self-contained", "false", "-o", _publishDir, "-nologo"], TimeSpan.FromMinutes(6));
        Assert.True(code == 0, log);
        var published = clock.Elapsed;
        Assert.True(File.Exists(Path.Combine(_publishDir, "Fledger.SignalServer")), "the linux-x64 apphost is missing");

        var port = FreePort.Next();
        var start = new ProcessStartInfo(Path.Combine(_publishDir, "Fledger.SignalServer"))
        {
            WorkingDirectory = _publishDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { $"--urls=http://127.0.0.1:{port}" })
        {
            start.ArgumentList.Add(arg);
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var server = new Process { StartInfo = start, EnableRaisingEvents = true };
        server.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Now listening on", StringComparison.Ordinal) == true)
            {
                listening.TrySetResult();
            }
        };
        server.ErrorDataReceived += (_, _) => { };
        server.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The published server exited."));
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            Assert.Equal("Healthy", await http.GetStringAsync($"http://127.0.0.1:{port}/healthz"));
            output.WriteLine($"publish {published.TotalSeconds:F1} s, publish + start + /healthz {clock.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(15));
        }
    }

    public void Dispose() => Directory.Delete(_publishDir, recursive: true);

    internal static async Task<(int Code, string Log)> RunAsync(string file, string[] args, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
