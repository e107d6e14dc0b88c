using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Fledger.Core.Identity;
using Fledger.Net.Signaling;

namespace Fledger.SignalLoad;

/// <summary>
/// A minimal SignalR JSON-protocol client over one WebSocket: handshake, signed announce, relay sends, and a
/// receive loop that timestamps PeerSetup arrivals. Much lighter than HubConnection, so one process can hold
/// close to the fd limit of connections and the measurement is dominated by the server.
/// </summary>
public sealed class RawNode : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] SdpMidMarker = Encoding.ASCII.GetBytes("\"sdpMid\":\"");
    private static readonly byte[] AnnouncedMarker = Encoding.ASCII.GetBytes("\"target\":\"Announced\"");
    private static readonly byte[] ChallengeMarker = Encoding.ASCII.GetBytes("\"target\":\"Challenge\"");
    private static readonly byte[] ErrorMarker = Encoding.ASCII.GetBytes("\"target\":\"Error\"");
    private static readonly byte[] RelaySuffix = "\",\"sdpMLineIndex\":0}]}\u001e"u8.ToArray();

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly NodeIdentity _identity;
    private readonly Action<long> _onPeerSetup;
    private readonly TaskCompletionSource _announced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _receive = Task.CompletedTask;

    public RawNode(NodeIdentity identity, Action<long> onPeerSetup)
    {
        _identity = identity;
        _onPeerSetup = onPeerSetup;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    public NodeId Id => _identity.Id;

    public string IdText { get; private set; } = string.Empty;

    public long Errors;

    public async Task ConnectAndAnnounceAsync(Uri wsUri, CancellationToken cancellationToken)
    {
        IdText = _identity.Id.ToString();
        await _socket.ConnectAsync(wsUri, cancellationToken);
        await SendRawAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), cancellationToken);
        _receive = ReceiveLoopAsync();
        await _announced.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>True while the WebSocket is open and its receive loop runs.</summary>
    public bool IsOpen => _socket.State == WebSocketState.Open && !_receive.IsCompleted;

    /// <summary>Sends one complete SignalR record.</summary>
    public async Task SendRawAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(record, WebSocketMessageType.Text, true, cancellationToken);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// The fixed start of a Relay invocation to this node carrying <paramref name="value"/> as a candidate; the send
    /// timestamp goes into <c>sdpMid</c> (see <see cref="SendRelayAsync"/>), so building a message is two copies.
    /// </summary>
    public byte[] BuildRelayPrefix(string value)
        => Encoding.UTF8.GetBytes(
            $"{{\"type\":1,\"target\":\"Relay\",\"arguments\":[\"{_identity.Id}\",{{\"kind\":\"candidate\",\"value\":\"{value}\",\"sdpMid\":\"");

    /// <summary>Sends a Relay built from a target's <see cref="BuildRelayPrefix"/> and a Stopwatch timestamp (pooled buffer).</summary>
    public Task SendRelayAsync(byte[] targetPrefix, long timestamp)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(targetPrefix.Length + 64);
        targetPrefix.CopyTo(buffer, 0);
        var length = targetPrefix.Length;
        System.Buffers.Text.Utf8Formatter.TryFormat(timestamp, buffer.AsSpan(length), out var written);
        length += written;
        RelaySuffix.CopyTo(buffer.AsSpan(length));
        length += RelaySuffix.Length;
        return SendPooledAsync(buffer, length);
    }

    private async Task SendPooledAsync(byte[] buffer, int length)
    {
        try
        {
            await SendRawAsync(buffer.AsMemory(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cts.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Closing anyway.
        }

        _socket.Abort();
        _socket.Dispose();
        await _receive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(4096);
        var message = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer.AsSpan(0, result.Count));
                if (!result.EndOfMessage)
                {
                    continue;
                }

                await HandleRecordsAsync(message.WrittenMemory);
                message.ResetWrittenCount();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Connection closed.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            _announced.TrySetException(new InvalidOperationException("Connection closed before announce."));
        }
    }

    private async Task HandleRecordsAsync(ReadOnlyMemory<byte> data)
    {
        while (!data.IsEmpty)
        {
            var end = data.Span.IndexOf(RecordSeparator);
            if (end < 0)
            {
                return;
            }

            var record = data[..end];
            data = data[(end + 1)..];
            var span = record.Span;
            var mid = span.IndexOf(SdpMidMarker);
            if (mid >= 0)
            {
                var digits = span[(mid + SdpMidMarker.Length)..];
                var quote = digits.IndexOf((byte)'"');
                if (quote > 0 && System.Buffers.Text.Utf8Parser.TryParse(digits[..quote], out long sent, out _))
                {
                    _onPeerSetup(sent);
                }
            }
            else if (span.IndexOf(ChallengeMarker) >= 0 && !_announced.Task.IsCompleted)
            {
                await AnnounceAsync(record);
            }
            else if (span.IndexOf(AnnouncedMarker) >= 0)
            {
                _announced.TrySetResult();
            }
            else if (span.IndexOf(ErrorMarker) >= 0)
            {
                Interlocked.Increment(ref Errors);
                if (!_announced.Task.IsCompleted)
                {
                    _announced.TrySetException(new InvalidOperationException(Encoding.UTF8.GetString(span)));
                }
            }
        }
    }

    private async Task AnnounceAsync(ReadOnlyMemory<byte> challengeRecord)
    {
        using var doc = JsonDocument.Parse(challengeRecord);
        var nonce = doc.RootElement.GetProperty("arguments")[1].GetBytesFromBase64();
        var info = _identity.CreateNodeInfo("load", ClientKind.Test).Encode();
        var signature = _identity.Sign(SignalProtocol.BuildAnnounceMessage(nonce, info));
        var record = Encoding.UTF8.GetBytes(
            $"{{\"type\":1,\"target\":\"Announce\",\"arguments\":[1,\"{Convert.ToBase64String(nonce)}\",\"{Convert.ToBase64String(info)}\",\"{Convert.ToBase64String(signature)}\"]}}\u001e");
        await SendRawAsync(record);
    }
}
