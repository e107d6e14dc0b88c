namespace Fledger.Net.Browser;

/// <summary>A message received on a data channel: text or binary.</summary>
/// <param name="Text">The text, for a text message; otherwise null.</param>
/// <param name="Data">The bytes, for a binary message; otherwise empty.</param>
public sealed record DataChannelMessage(string? Text, ReadOnlyMemory<byte> Data)
{
    /// <summary>True for a text (PPID 51/56) message.</summary>
    public bool IsText => Text is not null;
}
