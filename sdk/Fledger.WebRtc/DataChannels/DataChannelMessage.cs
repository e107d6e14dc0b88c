namespace Fledger.WebRtc.DataChannels;

/// <summary>A message received on a data channel: text (PPID 51 / 56) or binary (PPID 53 / 57), RFC 8831 §6.6.</summary>
/// <param name="IsText">Whether the sender sent a string.</param>
/// <param name="Data">The payload (UTF-8 for text); empty for the empty-message PPIDs.</param>
public sealed record DataChannelMessage(bool IsText, ReadOnlyMemory<byte> Data)
{
    /// <summary>The payload decoded as UTF-8 (for text messages).</summary>
    public string Text => System.Text.Encoding.UTF8.GetString(Data.Span);
}
