using System.Security.Cryptography;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Fledger.SignalServer.Connections;
using Fledger.SignalServer.Diagnostics;
using Fledger.SignalServer.Registry;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Fledger.SignalServer.Hubs;

/// <summary>
/// The signaling hub at <see cref="SignalProtocol.HubPath"/>: challenge/announce authentication,
/// node lists with presence pushes, and peer-setup relay. Protocol: <c>docs/signaling.md</c>.
/// Every bad input gets a typed <c>Error(code, detail)</c>; the connection stays usable.
/// </summary>
public sealed partial class SignalHub : Hub<ISignalHubClient>
{
    private const string StateKey = "fledger.connection";

    private readonly INodeRegistry _registry;
    private readonly ConnectionTracker _connections;
    private readonly SignalServerOptions _options;
    private readonly SignalServerMetrics _metrics;
    private static readonly TimeSpan ReplacedGrace = TimeSpan.FromSeconds(2);
    private readonly TimeProvider _time;
    private readonly ILogger<SignalHub> _logger;

    /// <summary>Created by SignalR for every invocation.</summary>
    public SignalHub(
        INodeRegistry registry,
        ConnectionTracker connections,
        IOptions<SignalServerOptions> options,
        SignalServerMetrics metrics,
        TimeProvider time,
        ILogger<SignalHub> logger)
    {
        _registry = registry;
        _connections = connections;
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>Registers the connection (or refuses it when the server is full) and sends the first challenge.</summary>
    public override async Task OnConnectedAsync()
    {
        var state = new ConnectionState(Context, new TokenBucket(_time, _options.RateLimitBurst, _options.RateLimitPerSecond));
        if (!_connections.TryAdd(state, _options.MaxConnections))
        {
            _metrics.Rejected(SignalErrorCode.ServerFull);
            LogServerFull(_logger, Context.ConnectionId, _options.MaxConnections);
            await Clients.Caller.Error(SignalErrorCode.ServerFull, "The server has reached its connection limit.");
            Context.Abort();
            return;
        }

        Context.Items[StateKey] = state;
        await IssueChallengeAsync(state);
    }

    /// <summary>Removes the connection and its node at once.</summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        _connections.Remove(Context.ConnectionId);
        if (Context.Items.TryGetValue(StateKey, out var value) && value is ConnectionState { Node: { } node } state)
        {
            state.Node = null;
            if (await _registry.RemoveAsync(node.Id, Context.ConnectionId, Context.ConnectionAborted))
            {
                LogLeft(_logger, node.Id.ToShortString(), Context.ConnectionId);
                await NotifyPresenceAsync(null, node.Id);
            }
        }
    }

    /// <summary>
    /// Authenticates a node: <paramref name="signature"/> is Ed25519 by the key in <paramref name="nodeInfo"/>
    /// over <see cref="SignalProtocol.BuildAnnounceMessage"/>(<paramref name="nonce"/>, <paramref name="nodeInfo"/>),
    /// where <paramref name="nonce"/> is this connection's current challenge.
    /// </summary>
    public async Task Announce(int protocolVersion, byte[]? nonce, byte[]? nodeInfo, byte[]? signature)
    {
        if (await AdmitAsync() is not { } state)
        {
            return;
        }

        if (protocolVersion != SignalProtocol.Version)
        {
            await RejectAsync(SignalErrorCode.UnsupportedVersion, $"This server speaks protocol version {SignalProtocol.Version}.");
            return;
        }

        if (nonce is null || nodeInfo is null || signature is null)
        {
            await RejectAsync(SignalErrorCode.Malformed, "Announce needs nonce, nodeInfo and signature.");
            return;
        }

        if (nodeInfo.Length > NodeInfo.MaxEncodedLength || signature.Length > NodeIdentity.SignatureLength || nonce.Length > SignalProtocol.NonceLength)
        {
            await RejectAsync(SignalErrorCode.TooLarge, "Announce field larger than the protocol allows.");
            return;
        }

        var challenge = state.TryConsume(nonce);
        if (challenge is null)
        {
            await RejectAsync(SignalErrorCode.StaleChallenge, "The nonce is not this connection's current challenge.");
            return;
        }

        try
        {
            await AnnounceVerifiedChallengeAsync(state, challenge, nonce, nodeInfo, signature);
        }
        finally
        {
            await IssueChallengeAsync(state);
        }
    }

    /// <summary>Answers with <c>NodeList</c>: up to <paramref name="max"/> (capped by options) random other nodes.</summary>
    public async Task ListNodes(int max)
    {
        if (await AdmitAsync() is not { } state || await RequireAnnouncedAsync(state) is not { } node)
        {
            return;
        }

        if (max < 0)
        {
            await RejectAsync(SignalErrorCode.Malformed, "max must not be negative.");
            return;
        }

        var sample = await _registry.SampleAsync(Math.Min(max, _options.MaxListNodes), node.Id, Context.ConnectionAborted);
        var encoded = new byte[sample.Count][];
        for (var i = 0; i < encoded.Length; i++)
        {
            encoded[i] = sample[i].Info.Encode();
        }

        await Clients.Caller.NodeList(encoded);
    }

    /// <summary>Relays a peer setup to node <paramref name="to"/>, which receives it as <c>PeerSetup(from, setup)</c> with <c>from</c> = the caller's authenticated id.</summary>
    public async Task Relay(string? to, PeerSetupWire? setup)
    {
        if (await AdmitAsync() is not { } state || await RequireAnnouncedAsync(state) is not { } node)
        {
            return;
        }

        if (!NodeId.TryParse(to, out var target))
        {
            await RejectAsync(SignalErrorCode.Malformed, "to is not a node id.");
            return;
        }

        if (setup is null)
        {
            await RejectAsync(SignalErrorCode.Malformed, "setup is missing.");
            return;
        }

        if (!setup.TryToPeerSetup(_options.MaxPeerSetupBytes, out _, out var error))
        {
            await RejectAsync(error, error == SignalErrorCode.TooLarge
                ? $"Peer setup larger than {_options.MaxPeerSetupBytes} bytes."
                : "Peer setup needs kind offer/answer/candidate and a value.");
            return;
        }

        if (target == node.Id || await _registry.FindAsync(target, Context.ConnectionAborted) is not { } registration)
        {
            await RejectAsync(SignalErrorCode.UnknownTarget, $"Node {target.ToShortString()} is not connected.");
            return;
        }

        // TryToPeerSetup accepted exactly the fields PeerSetupWire.From(parsed) would write (offer/answer carry no
        // mid/index, a candidate keeps its own; unknown JSON fields were never bound), so the validated wire object is
        // forwarded as is: no second copy per relay.
        _metrics.Relayed();
        await Clients.Client(registration.ConnectionId).PeerSetup(node.Id.ToString(), setup);
    }

    private async Task AnnounceVerifiedChallengeAsync(ConnectionState state, ConnectionState.Challenge challenge, byte[] nonce, byte[] nodeInfo, byte[] signature)
    {
        var now = _time.GetUtcNow();
        if (now - challenge.IssuedAt > _options.ChallengeLifetime)
        {
            await RejectAsync(SignalErrorCode.StaleChallenge, "The challenge expired.");
            return;
        }

        if (!NodeInfo.TryDecode(nodeInfo, out var info, out var decodeError))
        {
            await RejectAsync(SignalErrorCode.Malformed, $"NodeInfo: {decodeError}.");
            return;
        }

        if (!NodeIdentity.Verify(info!.PublicKey.Span, SignalProtocol.BuildAnnounceMessage(nonce, nodeInfo), signature))
        {
            await RejectAsync(SignalErrorCode.BadSignature, "The signature does not verify with the announced key.");
            return;
        }

        var previous = state.Node;
        if (previous is not null && previous.Id != info.Id)
        {
            await RejectAsync(SignalErrorCode.Malformed, "A connection announces one node id only.");
            return;
        }

        state.Node = info;
        var replaced = await _registry.RegisterAsync(new NodeRegistration(info, Context.ConnectionId, now), Context.ConnectionAborted);
        if (replaced is not null)
        {
            await ReplaceAsync(replaced);
        }

        _metrics.Announced();
        LogAnnounced(_logger, info.Id.ToShortString(), info.Kind, Context.ConnectionId);
        await Clients.Caller.Announced(info.Id.ToString());
        if (previous is null)
        {
            await NotifyPresenceAsync(info, info.Id);
        }
    }

    private async Task ReplaceAsync(NodeRegistration replaced)
    {
        LogReplaced(_logger, replaced.Id.ToShortString(), replaced.ConnectionId, Context.ConnectionId);
        _metrics.Rejected(SignalErrorCode.Replaced);
        if (_connections.Find(replaced.ConnectionId) is { } old)
        {
            old.Node = null;
        }

        await Clients.Client(replaced.ConnectionId).Error(SignalErrorCode.Replaced, "Another connection proved this node's key.");

        // The client closes itself on Replaced. Aborting at once could cut the connection before the error is flushed,
        // and a client that never saw it would reconnect and take the key back: abort only after a grace period.
        if (_connections.Find(replaced.ConnectionId) is { } stale)
        {
            _ = AbortAfterGraceAsync(stale.Context, _time);
        }
    }

    private static async Task AbortAfterGraceAsync(HubCallerContext context, TimeProvider time)
    {
        try
        {
            await Task.Delay(ReplacedGrace, time, context.ConnectionAborted);
        }
        catch (OperationCanceledException)
        {
            // Closed already (the client left on Replaced).
        }

        context.Abort();
    }

    private async Task NotifyPresenceAsync(NodeInfo? joined, NodeId subject)
    {
        if (_options.PresenceFanout == 0)
        {
            return;
        }

        var sample = await _registry.SampleAsync(_options.PresenceFanout, subject, Context.ConnectionAborted);
        if (sample.Count == 0)
        {
            return;
        }

        // One send per target, not Clients.Clients(targets): the default lifetime manager serves a list of connection
        // ids by walking every connection on the server (O(connections) per join/leave, which made connect storms slow
        // down as the server filled up), while a single-connection send is a dictionary lookup. The Redis backplane
        // publishes per connection either way.
        var encoded = joined?.Encode();
        var subjectText = joined is null ? subject.ToString() : null;
        var sends = new Task[sample.Count];
        for (var i = 0; i < sends.Length; i++)
        {
            var target = Clients.Client(sample[i].ConnectionId);
            sends[i] = encoded is not null ? target.NodeJoined(encoded) : target.NodeLeft(subjectText!);
        }

        await Task.WhenAll(sends);
    }

    private async Task IssueChallengeAsync(ConnectionState state)
    {
        var nonce = RandomNumberGenerator.GetBytes(SignalProtocol.NonceLength);
        state.Issue(nonce, _time.GetUtcNow());
        await Clients.Caller.Challenge(SignalProtocol.Version, nonce);
    }

    private async ValueTask<ConnectionState?> AdmitAsync()
    {
        // No state: a connection refused in OnConnectedAsync (server full) that still sends before it closes.
        if (!Context.Items.TryGetValue(StateKey, out var value) || value is not ConnectionState state)
        {
            return null;
        }

        if (state.Bucket.TryTake())
        {
            return state;
        }

        _metrics.Rejected(SignalErrorCode.RateLimited);
        LogRateLimited(_logger, Context.ConnectionId);
        await Clients.Caller.Error(SignalErrorCode.RateLimited, "Too many messages; this one was dropped.");
        return null;
    }

    private async ValueTask<NodeInfo?> RequireAnnouncedAsync(ConnectionState state)
    {
        if (state.Node is { } node)
        {
            return node;
        }

        await RejectAsync(SignalErrorCode.NotAnnounced, "Announce first.");
        return null;
    }

    private Task RejectAsync(SignalErrorCode code, string detail)
    {
        _metrics.Rejected(code);
        LogRejected(_logger, code, Context.ConnectionId, detail);
        return Clients.Caller.Error(code, detail);
    }
}
