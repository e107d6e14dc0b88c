using Fledger.Core.Identity;
using Fledger.Modules.Gossip;
using Fledger.Modules.Ping;
using Fledger.Modules.RandomConnections;
using Fledger.Modules.Stat;

namespace Fledger.Node;

/// <summary>
/// Options of a <see cref="FledgerNode"/>, bindable from configuration. Every default is documented on its property;
/// <see cref="Validate"/> lists what is wrong.
/// </summary>
public sealed class NodeOptions
{
    /// <summary>
    /// The display name (at most 64 UTF-8 bytes, no control characters). Null (default) keeps the name stored by an
    /// earlier run, or uses <c>node-</c> and the first 8 hex digits of the id. A given name is stored.
    /// </summary>
    public string? Name { get; set; }

    /// <summary>What kind of program the node runs in. Default <see cref="ClientKind.Cli"/>.</summary>
    public ClientKind Kind { get; set; } = ClientKind.Cli;

    /// <summary>The enabled modules. Default <see cref="NodeModules.All"/>.</summary>
    public NodeModules Modules { get; set; } = NodeModules.All;

    /// <summary>Whether the node publishes its <see cref="NodeInfo"/> as a gossip event at start. Default true.</summary>
    public bool PublishNodeInfo { get; set; } = true;

    /// <summary>How many known nodes the node's view keeps. Default 1,024.</summary>
    public int MaxKnownNodes { get; set; } = 1024;

    /// <summary>Options of the random-connections module.</summary>
    public RandomConnectionsOptions RandomConnections { get; set; } = new();

    /// <summary>Options of the gossip module (limits of chat text: <see cref="GossipOptions.MaxChatBytes"/>).</summary>
    public GossipOptions Gossip { get; set; } = new();

    /// <summary>Options of the ping module.</summary>
    public PingOptions Ping { get; set; } = new();

    /// <summary>Options of the stat module.</summary>
    public StatOptions Stat { get; set; } = new();

    /// <summary>Returns the problems with these options (empty when valid).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Name is not null && (System.Text.Encoding.UTF8.GetByteCount(Name) is 0 or > NodeInfo.MaxNameBytes || Name.Any(char.IsControl)))
        {
            errors.Add($"Name must be 1 to {NodeInfo.MaxNameBytes} UTF-8 bytes without control characters.");
        }

        if (!Enum.IsDefined(Kind))
        {
            errors.Add("Kind is not a known client kind.");
        }

        if ((Modules & ~NodeModules.All) != 0)
        {
            errors.Add("Modules has unknown flags.");
        }

        if (MaxKnownNodes is < 1 or > 100_000)
        {
            errors.Add("MaxKnownNodes must be between 1 and 100,000.");
        }

        if (RandomConnections is null || Gossip is null || Ping is null || Stat is null)
        {
            errors.Add("Module options must not be null.");
            return errors;
        }

        errors.AddRange(RandomConnections.Validate());
        errors.AddRange(Gossip.Validate());
        errors.AddRange(Ping.Validate());
        errors.AddRange(Stat.Validate());
        return errors;
    }
}
