namespace Fledger.Net.Network;

/// <summary>
/// The node-to-node envelope <c>{module, payload}</c>: which module a message is for, and its bytes.
/// Its wire form (versioned, chunked when larger than one data-channel message) belongs to the network layer.
/// </summary>
/// <param name="Module">The module name, e.g. <c>gossip</c> or <c>ping</c> (short ASCII, capped).</param>
/// <param name="Payload">The module's own encoding of the message; the receiver owns it.</param>
public sealed record NodeMessage(string Module, ReadOnlyMemory<byte> Payload);
