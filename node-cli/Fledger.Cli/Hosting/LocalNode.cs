using System.Text;
using Fledger.Core.Identity;
using Fledger.Core.Storage;
using Fledger.Node;

namespace Fledger.Cli.Hosting;

/// <summary>
/// The identity of a CLI node and the store it lives in: the data directory (a <see cref="FileKeyValueStore"/>, kept
/// by <see cref="NodeIdentityStore"/>, so a restarted node keeps its id) or memory for throw-away nodes.
/// </summary>
internal sealed record LocalNode(NodeIdentity Identity, NodeInfo Info, IKeyValueStore Store, string DataDirectory)
{
    /// <summary>The modules a CLI node runs and announces.</summary>
    public static readonly IReadOnlyList<string> Modules = [Fledger.Modules.ModuleNames.RandomConnections, Fledger.Modules.ModuleNames.Gossip, Fledger.Modules.ModuleNames.Ping, Fledger.Modules.ModuleNames.Stat];

    /// <summary>Loads the identity from <paramref name="dataDirectory"/> or creates and stores a new one; stores a given name.</summary>
    /// <exception cref="CliException">The directory cannot be used.</exception>
    public static async Task<LocalNode> LoadOrCreateAsync(string dataDirectory, string? name, CancellationToken cancellationToken)
    {
        var store = new FileKeyValueStore(dataDirectory);
        try
        {
            return await LoadAsync(store, name, store.Root, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Failure, $"cannot use the data directory '{dataDirectory}': {ex.Message}", ex);
        }
    }

    /// <summary>A throw-away node kept in memory (one-shot commands such as <c>list</c> and <c>stats</c>).</summary>
    public static Task<LocalNode> CreateEphemeralAsync(string name, CancellationToken cancellationToken)
        => LoadAsync(new InMemoryKeyValueStore(), name, string.Empty, cancellationToken);

    /// <summary>Whether <paramref name="name"/> is a valid node name (1..64 UTF-8 bytes, no control characters).</summary>
    public static bool IsValidName(string? name)
        => name is { Length: > 0 } && Encoding.UTF8.GetByteCount(name) <= NodeInfo.MaxNameBytes && !name.Any(char.IsControl);

    private static async Task<LocalNode> LoadAsync(IKeyValueStore store, string? name, string directory, CancellationToken cancellationToken)
    {
        var identity = await NodeIdentityStore.LoadOrCreateAsync(store, null, cancellationToken);
        var resolved = await NodeIdentityStore.ResolveNameAsync(store, name, identity.Id, cancellationToken);
        return new LocalNode(identity, identity.CreateNodeInfo(resolved, ClientKind.Cli, Modules), store, directory);
    }
}
