using Microsoft.AspNetCore.Http.Connections.Client;

namespace Fledger.Net.Signaling;

/// <summary>Settings of <see cref="SignalingClient"/>.</summary>
public sealed class SignalingClientOptions
{
    /// <summary>Hub URL, e.g. <c>http://127.0.0.1:5080/signal</c>. Required.</summary>
    public Uri? ServerUri { get; set; }

    /// <summary>Delay before the first reconnect attempt; doubles per attempt (with jitter). Default 250 ms.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Upper bound of the reconnect delay. Default 30 s.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Capacity of the output channel; a full channel makes the receive loop wait (back-pressure). Default 1024.</summary>
    public int OutputCapacity { get; set; } = 1024;

    /// <summary>Extra transport settings (headers, handlers in tests). Optional.</summary>
    public Action<HttpConnectionOptions>? ConfigureConnection { get; set; }
}
