namespace Fledger.Node;

/// <summary>Arguments of <see cref="FledgerNode.Changed"/>.</summary>
/// <param name="change">What changed.</param>
public sealed class NodeChangedEventArgs(NodeChange change) : EventArgs
{
    /// <summary>What changed.</summary>
    public NodeChange Change { get; } = change;
}
