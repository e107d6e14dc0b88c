using System.Threading.Channels;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Fledger.SignalServer.Tests.Infrastructure;

/// <summary>
/// A bare SignalR connection that can send anything (forged, replayed, malformed) and records every
/// server message: challenges, presence pushes (NodeJoined/NodeLeft, which other nodes trigger at any
/// time) and everything else in three queues.
/// </summary>
public sealed class RawSignalClient : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Channel<byte[]> _nonces = Channel.CreateUnbounded<byte[]>();
    private readonly Channel<ServerMessage> _messages = Channel.CreateUnbounded<ServerMessage>();
    private readonly Channel<ServerMessage> _presence = Channel.CreateUnbounded<ServerMessage>();
    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RawSignalClient(HubConnection connection)
    {
        Connection = connection;
        connection.On<int, byte[]>("Challenge", (_, nonce) => _nonces.Writer.TryWrite(nonce));
        Record<string>("Announced");
        Record<byte[][]>("NodeList");
        connection.On<byte[]>("NodeJoined", node => _presence.Writer.TryWrite(new ServerMessage("NodeJoined", [node])));
        connection.On<string>("NodeLeft", id => _presence.Writer.TryWrite(new ServerMessage("NodeLeft", [id])));
        connection.On<string, PeerSetupWire>("PeerSetup", (from, setup) => _messages.Writer.TryWrite(new ServerMessage("PeerSetup", [from, setup])));
        connection.On<SignalErrorCode, string>("Error", (code, detail) => _messages.Writer.TryWrite(new ServerMessage("Error", [code, detail])));
        connection.Closed += ex =>
        {
            _closed.TrySetResult(ex);
            return Task.CompletedTask;
        };
    }

    public HubConnection Connection { get; }

    public Task<Exception?> Closed => _closed.Task;

    public static async Task<RawSignalClient> ConnectAsync(Uri hub, TimeSpan? keepAliveInterval = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hub, HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
            .Build();
        if (keepAliveInterval is { } interval)
        {
            connection.KeepAliveInterval = interval;
        }

        var client = new RawSignalClient(connection);
        await connection.StartAsync().WaitAsync(Timeout);
        return client;
    }

    /// <summary>Connects, announces <paramref name="identity"/> and waits for Announced.</summary>
    public static async Task<RawSignalClient> ConnectAnnouncedAsync(Uri hub, NodeIdentity identity, string name = "node", TimeSpan? keepAliveInterval = null)
    {
        var client = await ConnectAsync(hub, keepAliveInterval);
        await client.AnnounceAsync(identity, identity.CreateNodeInfo(name, ClientKind.Test));
        Assert.Equal(identity.Id.ToString(), await client.ExpectAsync<string>("Announced"));
        return client;
    }

    public async Task<byte[]> NextNonceAsync() => await _nonces.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    /// <summary>Signs the next challenge with <paramref name="signer"/> (default: the key of <paramref name="info"/>) and sends Announce.</summary>
    public async Task<(byte[] Nonce, byte[] Info, byte[] Signature)> AnnounceAsync(NodeIdentity signer, NodeInfo info)
    {
        var nonce = await NextNonceAsync();
        var encoded = info.Encode();
        var signature = signer.Sign(SignalProtocol.BuildAnnounceMessage(nonce, encoded));
        await SendAnnounceAsync(nonce, encoded, signature);
        return (nonce, encoded, signature);
    }

    public Task SendAnnounceAsync(byte[] nonce, byte[] info, byte[] signature, int version = SignalProtocol.Version)
        => Connection.SendAsync("Announce", version, nonce, info, signature).WaitAsync(Timeout);

    public Task RelayAsync(NodeId to, PeerSetup setup)
        => Connection.SendAsync("Relay", to.ToString(), PeerSetupWire.From(setup)).WaitAsync(Timeout);

    public async Task<ServerMessage> NextPresenceAsync() => await _presence.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    public async Task<ServerMessage> NextAsync() => await _messages.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

    /// <summary>Reads the next non-challenge message and asserts it is <paramref name="method"/>; returns its first argument.</summary>
    public async Task<T> ExpectAsync<T>(string method)
    {
        var message = await NextAsync();
        Assert.True(message.Method == method, $"Expected {method}, got {message.Method}({string.Join(", ", message.Args)})");
        return (T)message.Args[0]!;
    }

    public async Task<SignalErrorCode> ExpectErrorAsync() => await ExpectAsync<SignalErrorCode>("Error");

    public async Task<(NodeId From, PeerSetup Setup)> ExpectPeerSetupAsync()
    {
        var message = await NextAsync();
        Assert.Equal("PeerSetup", message.Method);
        Assert.True(NodeId.TryParse((string)message.Args[0]!, out var from));
        Assert.True(((PeerSetupWire)message.Args[1]!).TryToPeerSetup(int.MaxValue, out var setup, out _));
        return (from, setup!);
    }

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private void Record<T>(string method)
        => Connection.On<T>(method, arg => _messages.Writer.TryWrite(new ServerMessage(method, [arg])));
}
