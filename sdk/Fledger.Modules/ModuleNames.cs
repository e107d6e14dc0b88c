namespace Fledger.Modules;

/// <summary>The module names used in <c>NodeMessage.Module</c> and in <c>NodeInfo.Modules</c>.</summary>
public static class ModuleNames
{
    /// <summary>The random-connections module (no wire messages).</summary>
    public const string RandomConnections = "random";

    /// <summary>The gossip-events module.</summary>
    public const string Gossip = "gossip";

    /// <summary>The ping module.</summary>
    public const string Ping = "ping";

    /// <summary>The stat module (no wire messages).</summary>
    public const string Stat = "stat";
}
