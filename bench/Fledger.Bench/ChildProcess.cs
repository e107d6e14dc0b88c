using System.Diagnostics;
using System.Text;

namespace Fledger.Bench;

/// <summary>Runs a benchmark program as a child process with a time limit; kills its whole tree when the limit passes.</summary>
internal static class ChildProcess
{
    private const int MaxCapturedChars = 4 * 1024 * 1024;

    /// <summary>The outcome of one run.</summary>
    public sealed record Result(int ExitCode, string Out, string Error, bool TimedOut, TimeSpan Elapsed);

    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/> in <paramref name="workingDirectory"/>; stderr lines are echoed to <paramref name="progress"/>.</summary>
    public static async Task<Result> RunAsync(string file, IEnumerable<string> args, string workingDirectory, TimeSpan limit, TextWriter progress, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        var output = new StringBuilder();
        var error = new StringBuilder();
        var watch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            Append(error, e.Data);
            if (e.Data is not null)
            {
                lock (progress)
                {
                    progress.WriteLine($"    {e.Data}");
                }
            }
        };
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var timedOut = false;
        using (var limitSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            limitSource.CancelAfter(limit);
            try
            {
                await process.WaitForExitAsync(limitSource.Token);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None);
            }
        }

        // Let the asynchronous readers deliver the last lines.
        process.WaitForExit();
        lock (output)
        {
            lock (error)
            {
                return new Result(timedOut ? -1 : process.ExitCode, output.ToString(), error.ToString(), timedOut, watch.Elapsed);
            }
        }
    }

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            if (builder.Length + line.Length < MaxCapturedChars)
            {
                builder.AppendLine(line);
            }
        }
    }
}
