using Fledger.Core.Identity;
using Fledger.Core.Storage;

namespace Fledger.Node;

/// <summary>
/// Loads and saves a node's identity and name in an <see cref="IKeyValueStore"/> (namespace <c>node</c>, keys
/// <c>identity</c> = the 32-byte Ed25519 private key, <c>name</c> = UTF-8), so a restarted node keeps its id.
/// </summary>
public static class NodeIdentityStore
{
    /// <summary>The store namespace.</summary>
    public const string Namespace = "node";

    /// <summary>The key of the private key.</summary>
    public const string IdentityKey = "identity";

    /// <summary>The key of the name.</summary>
    public const string NameKey = "name";

    /// <summary>
    /// Returns the stored identity, or creates one (from <paramref name="random"/> when given, else the system's
    /// cryptographic source) and stores it. A stored value of the wrong length is replaced.
    /// </summary>
    public static async Task<NodeIdentity> LoadOrCreateAsync(IKeyValueStore store, Random? random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var stored = await store.GetAsync(Namespace, IdentityKey, cancellationToken);
        if (stored is not null && NodeIdentity.TryImportPrivateKey(stored, out var identity))
        {
            return identity!;
        }

        identity = random is null ? NodeIdentity.Generate() : NodeIdentity.Generate(random);
        await store.SetAsync(Namespace, IdentityKey, identity.ExportPrivateKey(), cancellationToken);
        return identity;
    }

    /// <summary>
    /// Resolves the node name: <paramref name="configured"/> (then stored), else the stored name, else a default from the id.
    /// </summary>
    public static async Task<string> ResolveNameAsync(IKeyValueStore store, string? configured, NodeId id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (configured is not null)
        {
            await store.SetStringAsync(Namespace, NameKey, configured, cancellationToken);
            return configured;
        }

        var stored = await store.GetStringAsync(Namespace, NameKey, cancellationToken);
        return stored is { Length: > 0 and <= NodeInfo.MaxNameBytes } && !stored.Any(char.IsControl) ? stored : $"node-{id.ToShortString()}";
    }
}
