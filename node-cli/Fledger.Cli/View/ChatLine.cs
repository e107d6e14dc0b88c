namespace Fledger.Cli.View;

/// <summary>One gossip chat message in the feed.</summary>
/// <param name="Time">When the author created it.</param>
/// <param name="Author">Author name (or short id).</param>
/// <param name="Text">The message.</param>
internal sealed record ChatLine(DateTimeOffset Time, string Author, string Text);
