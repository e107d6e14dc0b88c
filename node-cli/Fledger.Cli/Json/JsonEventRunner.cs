using System.Globalization;
using System.Threading.Channels;
using Fledger.Cli.Hosting;

namespace Fledger.Cli.Json;

/// <summary>
/// <c>fledger node --json-events</c>: prints the nodes' events as JSON lines (<see cref="JsonEventFormat"/>) on stdout
/// and reads commands from stdin, one per line: <c>post TEXT</c> (from node 0), <c>post:K TEXT</c> (from node K) and
/// <c>quit</c>. Returns on <c>quit</c>, when stdin closes, or on Ctrl-C / SIGTERM.
/// </summary>
internal static class JsonEventRunner
{
    private const int MaxQueuedLines = 65_536;
    private const int MaxCommandChars = 8192;

    /// <summary>Runs until quit, end of stdin or <paramref name="cancellationToken"/>.</summary>
    public static async Task RunAsync(CliConsole console, IReadOnlyList<NodeHost> hosts, TimeProvider time, CancellationToken cancellationToken)
    {
        var lines = Channel.CreateBounded<string>(new BoundedChannelOptions(MaxQueuedLines) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        long dropped = 0;
        void Emit(string line)
        {
            if (!lines.Writer.TryWrite(line))
            {
                Interlocked.Increment(ref dropped);
            }
        }

        var writer = WriteLinesAsync(console.Out, lines.Reader, () => Interlocked.Exchange(ref dropped, 0), time);
        var trackers = new List<JsonNodeTracker>(hosts.Count);
        try
        {
            for (var i = 0; i < hosts.Count; i++)
            {
                Emit(JsonEventFormat.Ready(i, hosts[i].Local.Identity.Id, hosts[i].Local.Info.Name, JsonEventFormat.UnixMilliseconds(time)));
                trackers.Add(JsonNodeTracker.Attach(i, hosts[i].Node, time, Emit));
            }

            var commands = ReadCommandsAsync(console.In, trackers, time, Emit, cancellationToken);
            var stopped = Task.Delay(Timeout.Infinite, cancellationToken);
            if (await Task.WhenAny(commands, stopped) == commands && !cancellationToken.IsCancellationRequested)
            {
                await commands;
            }
        }
        finally
        {
            foreach (var tracker in trackers)
            {
                tracker.Dispose();
            }

            lines.Writer.TryComplete();
            await writer.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task ReadCommandsAsync(TextReader input, IReadOnlyList<JsonNodeTracker> trackers, TimeProvider time, Action<string> emit, CancellationToken cancellationToken)
    {
        // Console.In blocks a thread per read; the caller stops waiting on cancellation and the process exits after.
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested && await input.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > MaxCommandChars)
            {
                emit(JsonEventFormat.Error(-1, $"command longer than {MaxCommandChars} characters", JsonEventFormat.UnixMilliseconds(time)));
                continue;
            }

            var command = line.Trim();
            if (command.Length == 0)
            {
                continue;
            }

            if (command == "quit")
            {
                return;
            }

            if (!TryParsePost(command, trackers.Count, out var node, out var text, out var error))
            {
                emit(JsonEventFormat.Error(-1, error, JsonEventFormat.UnixMilliseconds(time)));
                continue;
            }

            await trackers[node].PostAsync(text, cancellationToken);
        }
    }

    /// <summary>Parses <c>post TEXT</c> or <c>post:K TEXT</c> for <paramref name="nodes"/> nodes.</summary>
    internal static bool TryParsePost(string command, int nodes, out int node, out string text, out string error)
    {
        node = 0;
        text = string.Empty;
        var space = command.IndexOf(' ', StringComparison.Ordinal);
        var verb = space < 0 ? command : command[..space];
        var rest = space < 0 ? string.Empty : command[(space + 1)..].Trim();
        if (verb.StartsWith("post:", StringComparison.Ordinal))
        {
            if (!int.TryParse(verb.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out node) || node >= nodes)
            {
                error = $"no node '{verb[5..]}' (this process runs nodes 0..{nodes - 1})";
                return false;
            }
        }
        else if (verb != "post")
        {
            error = $"unknown command '{verb}' (expected: post TEXT, post:K TEXT, quit)";
            return false;
        }

        if (rest.Length == 0)
        {
            error = "post needs a text";
            return false;
        }

        text = rest;
        error = string.Empty;
        return true;
    }

    private static async Task WriteLinesAsync(TextWriter output, ChannelReader<string> lines, Func<long> takeDropped, TimeProvider time)
    {
        await foreach (var line in lines.ReadAllAsync(CancellationToken.None))
        {
            if (takeDropped() is > 0 and var count)
            {
                await output.WriteLineAsync(JsonEventFormat.Dropped(count, JsonEventFormat.UnixMilliseconds(time)));
            }

            await output.WriteLineAsync(line);
            if (!lines.TryPeek(out _))
            {
                await output.FlushAsync(CancellationToken.None);
            }
        }

        await output.FlushAsync(CancellationToken.None);
    }
}
