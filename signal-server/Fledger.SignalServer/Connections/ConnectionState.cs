using Fledger.Core.Identity;
using Microsoft.AspNetCore.SignalR;

namespace Fledger.SignalServer.Connections;

/// <summary>
/// What the server knows about one SignalR connection: its current challenge, the node it announced
/// and its rate limiter. SignalR runs one invocation per connection at a time, so fields are only
/// written from that connection's invocations (and read elsewhere via volatile snapshots).
/// </summary>
public sealed class ConnectionState
{
    private volatile Challenge? _challenge;
    private NodeInfo? _node;

    /// <summary>Creates the state of a new connection.</summary>
    public ConnectionState(HubCallerContext context, TokenBucket bucket)
    {
        Context = context;
        Bucket = bucket;
    }

    /// <summary>The SignalR connection (used to close it when replaced).</summary>
    public HubCallerContext Context { get; }

    /// <summary>SignalR connection id.</summary>
    public string ConnectionId => Context.ConnectionId;

    /// <summary>Rate limiter of this connection.</summary>
    public TokenBucket Bucket { get; }

    /// <summary>The node announced on this connection, if any.</summary>
    public NodeInfo? Node
    {
        get => Volatile.Read(ref _node);
        set => Volatile.Write(ref _node, value);
    }

    /// <summary>The current unused challenge, if any.</summary>
    public Challenge? CurrentChallenge => _challenge;

    /// <summary>Issues a new challenge, invalidating the previous one.</summary>
    public Challenge Issue(byte[] nonce, DateTimeOffset now)
    {
        var challenge = new Challenge(nonce, now);
        _challenge = challenge;
        return challenge;
    }

    /// <summary>Consumes the current challenge when <paramref name="nonce"/> matches it; returns it, or null when it does not match.</summary>
    public Challenge? TryConsume(ReadOnlySpan<byte> nonce)
    {
        var current = _challenge;
        if (current is null || !current.Nonce.AsSpan().SequenceEqual(nonce))
        {
            return null;
        }

        _challenge = null;
        return current;
    }

    /// <summary>A single-use challenge nonce and when it was issued.</summary>
    public sealed record Challenge(byte[] Nonce, DateTimeOffset IssuedAt);
}
