using Fledger.SignalServer.Connections;
using Fledger.SignalServer.Registry;
using Microsoft.Extensions.Options;

namespace Fledger.SignalServer.Hosting;

/// <summary>
/// Every <c>NodeTtl / 3</c>: refreshes the registry entries of this instance's live connections, then
/// removes entries nobody refreshed within <see cref="SignalServerOptions.NodeTtl"/> (nodes of a crashed
/// instance in a shared registry). Closed connections are removed at once by the hub; silent ones are
/// closed by SignalR after <see cref="SignalServerOptions.ClientTimeout"/>.
/// </summary>
public sealed partial class RegistryMaintenance : BackgroundService
{
    private readonly INodeRegistry _registry;
    private readonly ConnectionTracker _connections;
    private readonly SignalServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RegistryMaintenance> _logger;

    /// <summary>Created by the host.</summary>
    public RegistryMaintenance(INodeRegistry registry, ConnectionTracker connections, IOptions<SignalServerOptions> options, TimeProvider time, ILogger<RegistryMaintenance> logger)
    {
        _registry = registry;
        _connections = connections;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs one refresh-and-expire pass; returns how many entries expired.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var connection in _connections.Snapshot())
        {
            if (connection.Node is { } node)
            {
                await _registry.RefreshAsync(node.Id, connection.ConnectionId, cancellationToken);
            }
        }

        var expired = await _registry.RemoveExpiredAsync(_options.NodeTtl, cancellationToken);
        if (expired > 0)
        {
            LogExpired(_logger, expired);
        }

        return expired;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.NodeTtl / 3, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunOnceAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host is stopping.
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Removed {Count} expired registry entries")]
    private static partial void LogExpired(ILogger logger, int count);
}
