using System.Text;
using Fledger.WebRtc.Sctp;

namespace Fledger.WebRtc.DataChannels;

/// <summary>
/// A WebRTC data channel on one SCTP stream, shaped like the W3C RTCDataChannel: ready state, text and
/// binary messages, buffered amount with a low-threshold event, and close by stream reset.
/// </summary>
/// <remarks>
/// RFC 8831 (data channels) and RFC 8832 (DCEP). Events are raised on the association's loop: handlers must
/// not block. Members are thread-safe.
/// </remarks>
public sealed class RtcDataChannel
{
    private readonly DataChannelManager _manager;
    private readonly Lock _lock = new();
    private long _bufferedAmount;
    private long _bufferedAmountLowThreshold;
    private RtcDataChannelState _readyState = RtcDataChannelState.Connecting;
    private TaskCompletionSource? _drained;

    internal RtcDataChannel(DataChannelManager manager, ushort id, string label, RtcDataChannelInit init)
    {
        _manager = manager;
        Id = id;
        Label = label;
        Protocol = init.Protocol;
        Ordered = init.Ordered;
        MaxRetransmits = init.MaxRetransmits;
        MaxPacketLifeTime = init.MaxPacketLifeTime;
        Negotiated = init.Negotiated;
        Priority = init.Priority;
    }

    /// <summary>Raised when the channel becomes open.</summary>
    public event Action<RtcDataChannel>? Opened;

    /// <summary>Raised for each received message.</summary>
    public event Action<RtcDataChannel, DataChannelMessage>? MessageReceived;

    /// <summary>Raised when <see cref="BufferedAmount"/> falls to or below <see cref="BufferedAmountLowThreshold"/>.</summary>
    public event Action<RtcDataChannel>? BufferedAmountLow;

    /// <summary>Raised when the channel starts closing.</summary>
    public event Action<RtcDataChannel>? Closing;

    /// <summary>Raised once when the channel is closed.</summary>
    public event Action<RtcDataChannel>? Closed;

    /// <summary>The SCTP stream id.</summary>
    public ushort Id { get; }

    /// <summary>The label.</summary>
    public string Label { get; }

    /// <summary>The sub-protocol.</summary>
    public string Protocol { get; }

    /// <summary>In-order delivery.</summary>
    public bool Ordered { get; }

    /// <summary>Retransmission limit, or <c>null</c>.</summary>
    public int? MaxRetransmits { get; }

    /// <summary>Lifetime limit, or <c>null</c>.</summary>
    public TimeSpan? MaxPacketLifeTime { get; }

    /// <summary>Whether the channel was negotiated out of band (no DCEP).</summary>
    public bool Negotiated { get; }

    /// <summary>DCEP priority.</summary>
    public ushort Priority { get; }

    /// <summary>The ready state.</summary>
    public RtcDataChannelState ReadyState
    {
        get
        {
            lock (_lock)
            {
                return _readyState;
            }
        }
    }

    /// <summary>Bytes passed to Send and not yet acknowledged by the peer (or abandoned).</summary>
    public long BufferedAmount => Interlocked.Read(ref _bufferedAmount);

    /// <summary>Threshold of the <see cref="BufferedAmountLow"/> event. Default 0.</summary>
    public long BufferedAmountLowThreshold
    {
        get => Interlocked.Read(ref _bufferedAmountLowThreshold);
        set => Interlocked.Exchange(ref _bufferedAmountLowThreshold, value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value)));
    }

    /// <summary>Sends a text message (PPID 51, or 56 for the empty string).</summary>
    /// <exception cref="InvalidOperationException">The channel is not open, or the send buffer is full.</exception>
    /// <exception cref="ArgumentException">The message exceeds the peer's maximum message size.</exception>
    public void Send(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        SendCore(bytes, bytes.Length == 0 ? DataChannelPpid.StringEmpty : DataChannelPpid.String);
    }

    /// <summary>Sends a binary message (PPID 53, or 57 when empty). The bytes are copied.</summary>
    /// <exception cref="InvalidOperationException">The channel is not open, or the send buffer is full.</exception>
    /// <exception cref="ArgumentException">The message exceeds the peer's maximum message size.</exception>
    public void Send(ReadOnlySpan<byte> data) =>
        SendCore(data, data.IsEmpty ? DataChannelPpid.BinaryEmpty : DataChannelPpid.Binary);

    /// <summary>
    /// Sends a binary message once <see cref="BufferedAmount"/> is at most <paramref name="highWaterMark"/>
    /// (back-pressure without polling).
    /// </summary>
    /// <exception cref="InvalidOperationException">The channel closed while waiting, or is not open.</exception>
    public async Task SendAsync(ReadOnlyMemory<byte> data, long highWaterMark = 1024 * 1024, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task wait;
            lock (_lock)
            {
                if (_readyState != RtcDataChannelState.Open || Interlocked.Read(ref _bufferedAmount) <= highWaterMark)
                {
                    break;
                }

                _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _drained.Task;
            }

            await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        Send(data.Span);
    }

    /// <summary>Closes the channel: resets the outgoing stream; the peer then resets its own (RFC 8831 §6.7).</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_readyState is RtcDataChannelState.Closing or RtcDataChannelState.Closed)
            {
                return;
            }

            _readyState = RtcDataChannelState.Closing;
        }

        Raise(Closing);
        _manager.RequestClose(this);
    }

    private void SendCore(ReadOnlySpan<byte> data, uint ppid)
    {
        lock (_lock)
        {
            if (_readyState != RtcDataChannelState.Open)
            {
                throw new InvalidOperationException($"The data channel is {_readyState}.");
            }
        }

        var payload = data.IsEmpty ? [0] : data;
        Interlocked.Add(ref _bufferedAmount, payload.Length);
        if (!_manager.SendOnStream(this, ppid, payload))
        {
            Interlocked.Add(ref _bufferedAmount, -payload.Length);
            throw new InvalidOperationException("The send buffer is full or the association is not established.");
        }
    }

    internal void SetOpen()
    {
        lock (_lock)
        {
            if (_readyState != RtcDataChannelState.Connecting)
            {
                return;
            }

            _readyState = RtcDataChannelState.Open;
        }

        Raise(Opened);
    }

    /// <summary>Peer-initiated close: move to Closing (our own reset follows).</summary>
    internal bool BeginRemoteClose()
    {
        lock (_lock)
        {
            if (_readyState is RtcDataChannelState.Closing or RtcDataChannelState.Closed)
            {
                return false;
            }

            _readyState = RtcDataChannelState.Closing;
        }

        Raise(Closing);
        return true;
    }

    internal void SetClosed()
    {
        TaskCompletionSource? drained;
        lock (_lock)
        {
            if (_readyState == RtcDataChannelState.Closed)
            {
                return;
            }

            _readyState = RtcDataChannelState.Closed;
            drained = _drained;
            _drained = null;
        }

        drained?.TrySetResult();
        Raise(Closed);
    }

    internal void Deliver(DataChannelMessage message)
    {
        if (ReadyState is RtcDataChannelState.Open or RtcDataChannelState.Closing)
        {
            MessageReceived?.Invoke(this, message);
        }
    }

    internal void OnBufferedAmountDecreased(int bytes)
    {
        var before = Interlocked.Add(ref _bufferedAmount, -bytes) + bytes;
        var after = before - bytes;
        var threshold = BufferedAmountLowThreshold;
        TaskCompletionSource? drained;
        lock (_lock)
        {
            drained = _drained;
            _drained = null;
        }

        drained?.TrySetResult();
        if (before > threshold && after <= threshold)
        {
            Raise(BufferedAmountLow);
        }
    }

    private void Raise(Action<RtcDataChannel>? handler) => handler?.Invoke(this);
}
