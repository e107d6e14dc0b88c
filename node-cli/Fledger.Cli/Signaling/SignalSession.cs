using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Fledger.Cli.Hosting;
using Fledger.Net.Signaling;
using Microsoft.Extensions.Logging;

namespace Fledger.Cli.Signaling;

/// <summary>
/// A signaling connection for the CLI: checks first that the server answers (a clear error instead of endless
/// retries for a wrong or unreachable URL), then connects and waits until the node is announced. Afterwards the
/// client reconnects with backoff by itself; <see cref="Events"/> carries everything the server sends.
/// </summary>
internal sealed class SignalSession : IAsyncDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly SignalingClient _client;
    private readonly Channel<SignalOut> _events = Channel.CreateBounded<SignalOut>(new BoundedChannelOptions(1024)
    {
        SingleReader = true,
        SingleWriter = true,
        FullMode = BoundedChannelFullMode.DropOldest,
    });

    private readonly TaskCompletionSource _announced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _pumpStop = new();
    private readonly Task _pump;
    private TaskCompletionSource<IReadOnlyList<Fledger.Core.Identity.NodeInfo>>? _pendingList;

    private SignalSession(LocalNode node, Uri server, ILoggerFactory loggers)
    {
        Node = node;
        Server = server;
        _client = new SignalingClient(
            node.Identity,
            node.Info,
            new SignalingClientOptions { ServerUri = server },
            loggers.CreateLogger<SignalingClient>());
        _pump = PumpAsync(_pumpStop.Token);
    }

    /// <summary>The node this session announces.</summary>
    public LocalNode Node { get; }

    /// <summary>The hub URL.</summary>
    public Uri Server { get; }

    /// <summary>The signaling client (state, relay).</summary>
    public SignalingClient Client => _client;

    /// <summary>Server messages and connection changes after the announce (bounded; the oldest are dropped when nobody reads).</summary>
    public ChannelReader<SignalOut> Events => _events.Reader;

    /// <summary>Probes, connects and waits for the announce.</summary>
    /// <exception cref="CliException">Exit code 3: unreachable, not a signal server, refused, or no announce within <paramref name="timeout"/>.</exception>
    public static async Task<SignalSession> ConnectAsync(LocalNode node, Uri server, TimeSpan timeout, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        await ProbeAsync(server, cancellationToken);
        var session = new SignalSession(node, server, loggers);
        try
        {
            await session._client.ConnectAsync(cancellationToken);
            await session._announced.Task.WaitAsync(timeout, cancellationToken);
            return session;
        }
        catch (TimeoutException)
        {
            await session.DisposeAsync();
            throw new CliException(ExitCodes.Unreachable, $"the signal server at {server} did not accept this node within {timeout.TotalSeconds:0} s");
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>Asks the server for up to <paramref name="max"/> other nodes and waits for the answer.</summary>
    public async Task<IReadOnlyList<Fledger.Core.Identity.NodeInfo>> ListNodesAsync(int max, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var pending = new TaskCompletionSource<IReadOnlyList<Fledger.Core.Identity.NodeInfo>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pendingList, pending);
        if (!await _client.ListNodesAsync(max, cancellationToken))
        {
            throw new CliException(ExitCodes.Unreachable, $"lost the connection to the signal server at {Server}");
        }

        try
        {
            return await pending.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new CliException(ExitCodes.Unreachable, $"the signal server at {Server} did not answer the node list within {timeout.TotalSeconds:0} s");
        }
    }

    /// <summary>Errors that mean the node cannot join (others, e.g. a list request racing the announce, are transient).</summary>
    public static bool IsFatal(SignalErrorCode code)
        => code is SignalErrorCode.BadSignature or SignalErrorCode.UnsupportedVersion or SignalErrorCode.Replaced or SignalErrorCode.ServerFull;

    public async ValueTask DisposeAsync()
    {
        await _client.DisposeAsync();
        await _pumpStop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }

        _events.Writer.TryComplete();
        _pumpStop.Dispose();
    }

    /// <summary>Checks that <paramref name="server"/> answers HTTP and is not a 404, for a clear error before any retries.</summary>
    public static async Task ProbeAsync(Uri server, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler { ConnectTimeout = ProbeTimeout, UseProxy = !IsLoopback(server) };
        using var http = new HttpClient(handler) { Timeout = ProbeTimeout };
        HttpResponseMessage response;
        try
        {
            response = await http.GetAsync(server, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot reach the signal server at {server}: {Describe(ex)}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CliException(ExitCodes.Unreachable, $"cannot reach the signal server at {server}: no answer within {ProbeTimeout.TotalSeconds:0} s", ex);
        }

        using (response)
        {
            // The hub answers a plain GET with 400 (WebSocket expected); 404 means a web server without a hub there.
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                throw new CliException(ExitCodes.Unreachable, $"no signal hub at {server} (HTTP 404); the hub path is usually {SignalUrl.HubPath}");
            }
        }
    }

    private static bool IsLoopback(Uri server)
        => server.IsLoopback || (IPAddress.TryParse(server.Host, out var address) && IPAddress.IsLoopback(address));

    private static string Describe(HttpRequestException ex)
    {
        if (ex.InnerException is SocketException socket)
        {
            return socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (is the server running on that port?)",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "unknown host",
                SocketError.TimedOut => "connection timed out",
                _ => socket.Message,
            };
        }

        return ex.HttpRequestError switch
        {
            HttpRequestError.NameResolutionError => "unknown host",
            HttpRequestError.SecureConnectionError => "TLS handshake failed",
            _ => ex.Message,
        };
    }

    private async Task PumpAsync(CancellationToken cancellationToken)
    {
        await foreach (var message in _client.Outputs.ReadAllAsync(cancellationToken))
        {
            switch (message)
            {
                case SignalOut.Announced:
                    _announced.TrySetResult();
                    break;
                case SignalOut.Error error when !_announced.Task.IsCompleted && IsFatal(error.Code):
                    _announced.TrySetException(new CliException(ExitCodes.Unreachable, $"the signal server at {Server} refused this node: {error.Code}: {error.Detail}"));
                    break;
                case SignalOut.NodeList list:
                    Interlocked.Exchange(ref _pendingList, null)?.TrySetResult(list.Nodes);
                    break;
            }

            _events.Writer.TryWrite(message);
        }
    }
}
