using Fledger.Broker;
using Fledger.Core.Storage;
using Fledger.Net.Network;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Fledger.Node;

/// <summary>
/// Creates and starts the one <see cref="FledgerNode"/> of a DI container on first use (creation is asynchronous:
/// it loads the identity from the store). Registered by <c>AddFledgerNode</c>.
/// </summary>
public sealed class FledgerNodeProvider : IAsyncDisposable
{
    private readonly IServiceProvider _services;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private FledgerNode? _node;

    /// <summary>Creates the provider over <paramref name="services"/>.</summary>
    public FledgerNodeProvider(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
    }

    /// <summary>Returns the node, creating and starting it on the first call.</summary>
    /// <exception cref="InvalidOperationException">No <c>Broker&lt;NetworkIn, NetworkOut&gt;</c> is registered.</exception>
    public async Task<FledgerNode> GetNodeAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _node) is { } existing)
        {
            return existing;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_node is not null)
            {
                return _node;
            }

            var network = _services.GetService<Broker<NetworkIn, NetworkOut>>()
                ?? throw new InvalidOperationException("No Broker<NetworkIn, NetworkOut> is registered: call UseNetwork on the FledgerNodeBuilder or register one from a platform package.");
            var node = await FledgerNode.CreateAsync(
                _services.GetRequiredService<IOptions<NodeOptions>>().Value,
                _services.GetRequiredService<IKeyValueStore>(),
                network,
                _services.GetRequiredService<TimeProvider>(),
                _services.GetService<ILoggerFactory>(),
                cancellationToken: cancellationToken);
            await node.StartAsync(cancellationToken);
            Volatile.Write(ref _node, node);
            return node;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Disposes the node if it was created.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _node, null) is { } node)
        {
            await node.DisposeAsync();
        }

        _gate.Dispose();
    }
}
