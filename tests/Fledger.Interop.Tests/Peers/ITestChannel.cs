namespace Fledger.Interop.Tests.Peers;

/// <summary>One data channel of a <see cref="ITestPeer"/>.</summary>
public interface ITestChannel
{
    /// <summary>The channel's label.</summary>
    string Label { get; }

    /// <summary>The SCTP stream id, or null when not known yet (Chromium assigns a DCEP channel's id once the DTLS role is known).</summary>
    int? Id { get; }

    /// <summary>Completes when the channel is open.</summary>
    Task WaitOpenAsync();

    /// <summary>Sends the harness pattern of <paramref name="size"/> characters or bytes.</summary>
    Task SendPatternAsync(bool text, int size, int seed);

    /// <summary>Sends <paramref name="count"/> short text messages <c>prefix0 … prefixN-1</c> in order.</summary>
    Task SendTextsAsync(int count, string prefix);

    /// <summary>Completes with the first <paramref name="count"/> received messages once they arrived.</summary>
    Task<IReadOnlyList<TestMessage>> WaitMessagesAsync(int count);

    /// <summary>Forgets the messages received so far.</summary>
    Task ClearMessagesAsync();

    /// <summary>Closes the channel.</summary>
    Task CloseAsync();

    /// <summary>Completes when the channel is closed.</summary>
    Task WaitClosedAsync();
}
