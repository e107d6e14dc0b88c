using System.Text;
using Fledger.Core.Identity;

namespace Fledger.Cli.Hosting;

/// <summary>
/// The persistent identity of a CLI node: its Ed25519 key and name in the data directory (namespace <c>node</c>, keys
/// <c>identity</c> and <c>name</c>, as the SDK's <c>NodeIdentityStore</c> keeps them), so a restarted node keeps its id.
/// </summary>
internal sealed record LocalNode(NodeIdentity Identity, NodeInfo Info, string DataDirectory)
{
    private const string Namespace = "node";
    private const string IdentityKey = "identity";
    private const string NameKey = "name";

    /// <summary>The modules a CLI node announces.</summary>
    public static readonly IReadOnlyList<string> Modules = ["random", "gossip", "ping", "stat"];

    /// <summary>Loads the identity from <paramref name="dataDirectory"/> or creates and stores a new one; stores a given name.</summary>
    /// <exception cref="CliException">The directory cannot be used or the name is invalid.</exception>
    public static async Task<LocalNode> LoadOrCreateAsync(string dataDirectory, string? name, CancellationToken cancellationToken)
    {
        var store = new FileKeyValueStore(dataDirectory);
        try
        {
            var stored = await store.GetAsync(Namespace, IdentityKey, cancellationToken);
            if (stored is null || !NodeIdentity.TryImportPrivateKey(stored, out var identity))
            {
                identity = NodeIdentity.Generate();
                await store.SetAsync(Namespace, IdentityKey, identity.ExportPrivateKey(), cancellationToken);
            }

            if (name is not null)
            {
                await store.SetAsync(Namespace, NameKey, Encoding.UTF8.GetBytes(name), cancellationToken);
            }
            else
            {
                var storedName = await store.GetAsync(Namespace, NameKey, cancellationToken);
                name = storedName is null ? null : Encoding.UTF8.GetString(storedName);
            }

            var resolved = IsValidName(name) ? name! : $"node-{identity!.Id.ToShortString()}";
            return new LocalNode(identity!, identity!.CreateNodeInfo(resolved, ClientKind.Cli, Modules), store.Root);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.Failure, $"cannot use the data directory '{dataDirectory}': {ex.Message}", ex);
        }
    }

    /// <summary>A throw-away identity that is never stored (one-shot commands such as <c>list</c>).</summary>
    public static LocalNode CreateEphemeral(string name)
    {
        var identity = NodeIdentity.Generate();
        return new LocalNode(identity, identity.CreateNodeInfo(name, ClientKind.Cli, Modules), string.Empty);
    }

    /// <summary>Whether <paramref name="name"/> is a valid node name (1..64 UTF-8 bytes, no control characters).</summary>
    public static bool IsValidName(string? name)
        => name is { Length: > 0 } && Encoding.UTF8.GetByteCount(name) <= NodeInfo.MaxNameBytes && !name.Any(char.IsControl);
}
