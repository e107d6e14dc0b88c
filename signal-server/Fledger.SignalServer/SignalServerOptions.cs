namespace Fledger.SignalServer;

/// <summary>
/// Settings of the signaling server, bound from the <c>SignalServer</c> configuration section
/// (appsettings.json, environment variables <c>SignalServer__MaxConnections=…</c>, command line
/// <c>--SignalServer:MaxConnections=…</c>). Validated at start-up by <see cref="SignalServerOptionsValidator"/>.
/// </summary>
public sealed class SignalServerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "SignalServer";

    /// <summary>Largest SignalR message accepted from a client, in bytes; larger ones close the connection (transport limit). Default 64 KiB.</summary>
    public long MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Largest relayed SDP or candidate (UTF-8 bytes); larger ones get <c>TooLarge</c> and the connection stays open. Default 32 KiB.</summary>
    public int MaxPeerSetupBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// Most simultaneous connections; further ones get <c>ServerFull</c> and are closed. Default 19,500: just under a
    /// 20,000 open-file limit (each connection is one socket; the process keeps ~300 other descriptors), so a full
    /// server refuses cleanly instead of failing accepts.
    /// </summary>
    public int MaxConnections { get; set; } = 19_500;

    /// <summary>Most nodes returned by one ListNodes. Default 100.</summary>
    public int MaxListNodes { get; set; } = 100;

    /// <summary>How many random nodes are told about each join or leave (0 disables presence pushes). Default 8.</summary>
    public int PresenceFanout { get; set; } = 8;

    /// <summary>How long a challenge can be answered after it was sent. Default 30 s.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Token bucket size per connection (burst of messages). Default 200.</summary>
    public int RateLimitBurst { get; set; } = 200;

    /// <summary>Token refill per second per connection (sustained messages/s). Default 100.</summary>
    public double RateLimitPerSecond { get; set; } = 100;

    /// <summary>A connection that sends nothing (not even SignalR pings) for this long is closed and its node removed. Default 30 s.</summary>
    public TimeSpan ClientTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Server keep-alive ping interval; must be below <see cref="ClientTimeout"/>. Default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>A registry entry not refreshed for this long is removed (covers crashed instances of a shared registry). Default 90 s.</summary>
    public TimeSpan NodeTtl { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// Folder of a published web node (its <c>wwwroot</c>: <c>index.html</c> and <c>_framework</c>) served at <c>/</c>.
    /// Default none: a <c>wwwroot</c> folder with an <c>index.html</c> next to the server binary is used when present,
    /// otherwise no page is served.
    /// </summary>
    public string? WebNodePath { get; set; }

    /// <summary>
    /// StackExchange.Redis connection string (e.g. <c>redis:6379</c>). Default none: one instance with an in-memory registry.
    /// When set, instances share the node registry in Redis and relay through SignalR's Redis backplane.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>Prefix of the Redis keys and channels, so that several deployments can share one Redis. Default <c>fledger</c>.</summary>
    public string RedisPrefix { get; set; } = "fledger";
}
